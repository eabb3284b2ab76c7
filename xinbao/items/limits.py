"""Size limits of an item, shared by the forms, the API schema and the actions."""

# The body of an information item, in characters (a 专报 runs to a few thousand; 20,000 leaves
# room while keeping every page, diff and Word export of a version fast).
ITEM_BODY_MAX = 20000
# The title column's length.
ITEM_TITLE_MAX = 200
