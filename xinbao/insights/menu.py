"""What insights adds to the menu and the home page."""
