"""The self-audit report as one self-contained HTML page in Chinese: inline style, no script, nothing fetched."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from policies.self_audit import ItemReason
from storage.read.models.self_audit import SelfAuditReport

TEMPLATE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ r.organisation }}{{ r.year }}年度政务公开自查情况</title>
<style>
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #ddebf7; }
td.n { text-align: right; }
.bar { display: inline-block; height: 0.9em; background: #4472c4; }
</style>
</head>
<body>
<h1>{{ r.organisation }}{{ r.year }}年度政务公开自查情况</h1>
<p>状态：{{ r.state_label }}；开始日期：{{ r.opened_on }}；完成期限：{{ r.due }}；完成日期：{{ r.closed_on or "—" }}</p>
<h2>一、自查事项</h2>
<table>
<tr><th>类别</th><th>事项数</th><th></th></tr>
{% for code, label in reasons %}<tr><td>{{ label }}</td><td class="n">{{ r.by_reason.get(code, 0) }}</td>
<td><span class="bar" style="width: {{ (r.by_reason.get(code, 0) * 200 // (r.items or 1)) }}px"></span></td></tr>
{% endfor %}<tr><td>合计</td><td class="n">{{ r.items }}</td><td></td></tr>
</table>
<h2>二、结论</h2>
<table>
<tr><th>项目</th><th>事项数</th></tr>
<tr><td>已作结论</td><td class="n">{{ r.decided }}</td></tr>
<tr><td>尚未作结论</td><td class="n">{{ r.undecided }}</td></tr>
<tr><td>维持原属性</td><td class="n">{{ r.kept }}</td></tr>
<tr><td>转换公开属性</td><td class="n">{{ r.converted }}</td></tr>
{% for c in r.conversions %}<tr><td>其中：{{ c.from_label }}转为{{ c.to_label }}</td>
<td class="n">{{ c.count }}</td></tr>
{% endfor %}</table>
<h2>三、逐项结论</h2>
<table>
<tr><th>事项编号</th><th>公文编号</th><th>标题或申请内容</th><th>发文字号</th><th>类别</th><th>自查时属性</th>
<th>申请人数</th><th>结论</th><th>转为</th><th>理由</th><th>作出人</th><th>作出日期</th><th>抽查</th></tr>
{% for v in r.decisions %}<tr><td class="n">{{ v.id }}</td><td class="n">{{ v.document or "" }}</td>
<td>{{ v.title or v.subject_key or "" }}</td><td>{{ v.doc_number or "" }}</td><td>{{ v.reason_label }}</td>
<td>{{ v.attribute_label or "" }}</td><td class="n">{{ v.applicants }}</td>
<td>{{ v.decision_label or "尚未作结论" }}</td>
<td>{{ v.to_label or "" }}</td><td>{{ v.decision_reason or "" }}</td><td>{{ v.decided_by or "" }}</td>
<td>{{ v.decided_on or "" }}</td><td>{{ "是" if v.spot_checked else "" }}</td></tr>
{% endfor %}</table>
<h2>四、抽查样本</h2>
{% if r.spot_check.seed is none %}<p>自查完成时抽取样本。</p>{% else %}
<p>随机种子：{{ r.spot_check.seed }}；样本 {{ r.spot_check.size }} 项：{{ r.spot_check.items | join("、") }}</p>
{% endif %}
<p>{{ r.spot_check.rule }}</p>
</body>
</html>
"""

_environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def render_html(report: SelfAuditReport) -> str:
    """The page's HTML."""
    reasons = [(reason.value, reason.label) for reason in ItemReason]
    return _environment.from_string(TEMPLATE).render(r=report, reasons=reasons)
