"""Readable Chinese for the audit log: action labels, object type names, values by field label.

The audit admin reads "重置密码", not ``orgs.reset_password``. Labels of every app's actions are
kept here in one table (audit is below the other apps and imports none of them; a new action
adds its line here — ``test_labels.py`` finds every code used with ``record``). Object types use
the model's own verbose name.
"""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    # sign-in and accounts (audit.auth_events)
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.login_failed": _("登录失败"),
    "auth.locked_out": _("账号被锁定"),
    "audit.purge": _("清理过期审计记录"),
    # orgs
    "orgs.create_unit": _("新建单位"),
    "orgs.update_unit": _("修改单位"),
    "orgs.move_unit": _("调整单位隶属关系"),
    "orgs.delete_unit": _("删除单位"),
    "orgs.restore_unit": _("恢复单位"),
    "orgs.set_unit_channel": _("设置渠道与汇总单位"),
    "orgs.leave_channel": _("退出渠道"),
    "orgs.create_assessment_class": _("新建考核类别"),
    "orgs.update_assessment_class": _("修改考核类别"),
    "orgs.create_person": _("新建人员"),
    "orgs.update_person": _("修改人员"),
    "orgs.deactivate_person": _("停用账号"),
    "orgs.reactivate_person": _("启用账号"),
    "orgs.grant_role": _("分配角色"),
    "orgs.revoke_role": _("收回角色"),
    "orgs.urge_unit": _("督促单位配备信息员"),
    "orgs.reset_password": _("重置密码"),
    "orgs.issue_initial_password": _("发放初始密码"),
    "orgs.set_password_by_link": _("通过一次性链接设置密码"),
    "orgs.change_own_password": _("修改本人密码"),
    "orgs.password_expired": _("密码过期，须修改"),
    "orgs.unlock_account": _("解除登录锁定"),
    "orgs.register_officer": _("信息员备案"),
    "orgs.end_officer_assignment": _("结束信息员备案"),
    "orgs.import_unit": _("导入单位"),
    "orgs.import_person": _("导入人员"),
    "orgs.generate_units": _("生成模拟单位"),
    # api
    "api.issue_token": _("签发 API 令牌"),
    "api.revoke_token": _("吊销 API 令牌"),
    "api.revoke_all_tokens": _("吊销账号的全部 API 令牌"),
    # notify
    "notify.mark_read": _("标记消息已读"),
    "notify.create_endpoint": _("新建消息推送地址"),
    "notify.update_endpoint": _("修改消息推送地址"),
    "notify.delete_endpoint": _("删除消息推送地址"),
    "notify.retry_delivery": _("重新推送消息"),
    "notify.send_reminder": _("发送提醒"),
    # items
    "items.create_draft": _("新建信息草稿"),
    "items.update_draft": _("修改信息草稿"),
    "items.delete_draft": _("删除信息草稿"),
    "items.add_attachment": _("添加附件"),
    "items.remove_attachment": _("删除附件"),
    "items.record_outcome": _("登记原稿转送交办或差错通报"),
    "items.withdraw_outcome": _("撤销转送交办或差错登记"),
    "items.submit": _("提交签发"),
    "items.submit_direct": _("直接报送"),
    "items.recall": _("撤回待签发信息"),
    "items.sign_off": _("签发报送"),
    "items.return_signoff": _("签发退回"),
    "items.resubmit": _("重新报送"),
    "items.resubmit_for_signoff": _("修改稿提交签发"),
    "items.resend_forward": _("重新转报"),
    "items.sign_revision": _("签发修改稿"),
    "items.resubmit_direct": _("直接重新报送"),
    "items.withdraw": _("撤回报送"),
    "items.reopen": _("重新编辑已撤回信息"),
    "items.adopt": _("采用"),
    "items.return": _("退回修改"),
    "items.reject": _("不予采用"),
    "items.reserve": _("留作备用"),
    "items.undo_adopt": _("撤销采用"),
    "items.adopt_in_issue": _("刊物采用"),
    "items.edit_submission": _("编辑报送信息"),
    "items.merge": _("综合（合并）信息"),
    "items.forward": _("转报"),
    "items.request_forward": _("提请转报"),
    "items.approve_forward": _("批准转报"),
    "items.decline_forward": _("不批准转报"),
    "items.set_forward_approval": _("设置转报审批"),
    "items.set_forward_adopts": _("设置转报是否视为采用"),
    "items.record_adoption": _("登记外部采用"),
    # instructions
    "instructions.record": _("登记领导批示"),
    "instructions.confirm": _("确认代为登记的批示"),
    "instructions.assign": _("交办领导批示"),
    "instructions.save_followup_plan": _("设置督办提醒方案"),
    "instructions.accept": _("受理交办批示"),
    "instructions.report": _("反馈批示落实情况"),
    "instructions.review": _("审核批示落实情况"),
    "instructions.request_extension": _("申请批示办理延期"),
    "instructions.decide_extension": _("审批批示办理延期"),
    "instructions.withdraw": _("撤回批示交办"),
    "instructions.close": _("批示办结"),
    "instructions.send_opinion": _("社情民意交办理"),
    "instructions.rate_reply": _("评价社情民意办理答复"),
    # commissions
    "commissions.issue": _("发布约稿（选题、要点）"),
    "commissions.cancel": _("撤销约稿"),
    "commissions.answer": _("撰写约稿信息"),
    # publications
    "publications.create_periodical": _("新建刊物"),
    "publications.update_periodical": _("修改刊物"),
    "publications.close_periodical": _("停刊"),
    "publications.create_issue": _("新建期号"),
    "publications.update_issue": _("修改期号"),
    "publications.delete_issue": _("删除期号"),
    "publications.add_entry": _("编入刊物"),
    "publications.remove_entry": _("移出刊物"),
    "publications.move_entry": _("调整刊物顺序"),
    "publications.reorder_entries": _("调整稿件顺序"),
    "publications.entry_note": _("编者按"),
    "publications.raise_classification": _("提高刊物密级"),
    "publications.submit_issue": _("刊物送审"),
    "publications.approve_issue": _("刊物审核通过"),
    "publications.return_issue": _("刊物退回修改"),
    "publications.sign_issue": _("签发刊物"),
    "publications.publish_issue": _("印发刊物"),
    "publications.store_pdf": _("生成 PDF"),
    "publications.mark_read": _("标记已阅"),
    "publications.take_copy": _("领取编号副本（份号）"),
    # scoring
    "scoring.create_rule_set": _("新建考核规则"),
    "scoring.save_version": _("保存规则版本"),
    "scoring.activate_version": _("启用规则版本"),
    "scoring.delete_rule_set": _("删除考核规则"),
    "scoring.recompute": _("重新计分"),
    "scoring.create_notice": _("生成通报"),
    "scoring.publish_notice": _("发布通报"),
    "scoring.regenerate_notice": _("重新生成通报数据"),
    "scoring.edit_notice": _("修改通报"),
    "scoring.submit_notice": _("通报送审"),
    "scoring.recall_notice": _("撤回通报送审"),
    "scoring.approve_notice": _("通报审核通过"),
    "scoring.return_notice": _("通报退回修改"),
    "scoring.withdraw_notice": _("撤回已发布通报"),
    "scoring.redraft_notice": _("重新编辑通报"),
    "scoring.save_adopting_body": _("登记采用机关"),
    "scoring.delete_adopting_body": _("删除采用机关"),
    "scoring.add_person_attribute": _("登记人员身份"),
    "scoring.remove_person_attribute": _("删除人员身份"),
    "scoring.record_entry": _("录入考核项"),
    "scoring.cancel_entry": _("撤销录入的考核项"),
    # insights
    "insights.save_settings": _("保存分析设置"),
    "insights.add_term": _("添加词表词语"),
    "insights.remove_term": _("删除词表词语"),
    "insights.alert": _("发出预警"),
    # urgent
    "urgent.log_event": _("登记紧急信息"),
    "urgent.file_report": _("报送紧急信息报告"),
    "urgent.sign_report": _("签发紧急信息报告"),
    "urgent.discard_report": _("删除紧急信息报告草稿"),
    "urgent.mark_handled": _("登记紧急事件处置结束"),
    "urgent.cancel_event": _("撤销紧急事件"),
    "urgent.forward": _("向上转报紧急信息"),
    "urgent.late_finding": _("认定紧急信息迟报"),
    "urgent.record_finding": _("认定紧急信息漏报、瞒报或误报"),
    "urgent.respond_finding": _("对紧急信息认定作出说明"),
    "urgent.withdraw_finding": _("撤销紧急信息认定"),
    "urgent.record_circulation": _("登记紧急信息认定的通报情况"),
    "urgent.save_policy": _("保存紧急信息报送时限"),
    "urgent.activate_policy": _("启用紧急信息报送时限"),
    "urgent.delete_policy": _("删除紧急信息报送时限"),
    "urgent.install_examples": _("载入紧急信息时限示例"),
    "urgent.add_shift": _("排班"),
    "urgent.cancel_shift": _("取消班次"),
    "urgent.write_handover": _("填写交接班记录"),
    "urgent.draft_item": _("紧急信息编成信息稿"),
}


def action_label(code: str) -> str:
    """The Chinese label of an action code; an unknown code reads as its app plus the code."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    app_label, _dot, name = code.partition(".")
    try:
        app = apps.get_app_config(app_label)
    except LookupError:
        return code
    return f"{app.verbose_name}：{name}"


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a reverse relation without verbose_name
        return name
    return str(getattr(field, "verbose_name", name))


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return str(_("是"))
    if value is False:
        return str(_("否"))
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def values_lines(object_type: str, values: dict[str, Any] | None) -> list[str]:
    """``{"short_name": "城关"}`` of a unit → ``["简称：城关"]``."""
    if not values:
        return []
    model = _model(object_type)
    return [f"{_field_label(model, key)}：{_text(value)}" for key, value in values.items()]
