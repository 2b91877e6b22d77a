"""The Jinja2 templates of the public 政府信息公开 column (autoescaped: every value is escaped on output)."""

from __future__ import annotations

from typing import Final

BASE: Final = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} - {{ organisation }} · 政府信息公开</title>
<link rel="alternate" type="application/atom+xml" title="{{ organisation }} · 政府信息公开" href="{{ root }}feed.atom">
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #222;
       line-height: 1.8; }
header { background: #b5121b; color: #fff; padding: 0.8em 2em; }
header a { color: #fff; text-decoration: none; }
main { max-width: 60em; margin: 0 auto; padding: 1em 2em 3em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: normal; white-space: nowrap; }
table.meta th { width: 7em; }
.text p { text-indent: 2em; margin: 0.4em 0; }
.mark { text-align: center; margin-top: 1.5em; }
.notice { border-left: 4px solid #d48a00; background: #fff8e6; padding: 0.5em 1em; }
nav.index a { margin-right: 1em; }
footer { color: #666; font-size: 0.9em; text-align: center; padding: 2em; }
</style>
</head>
<body>
<header><a href="{{ root }}index.html">{{ organisation }} · 政府信息公开</a></header>
<main>
{% block main %}{% endblock %}
</main>
<footer>{{ organisation }} · <a href="{{ root }}feed.atom">订阅（Atom）</a> ·
<a href="{{ root }}index.json">数据（JSON）</a></footer>
</body>
</html>
"""

DOCUMENT_ROWS: Final = """<table>
<thead><tr><th>标题</th><th>发文字号</th><th>发布日期</th></tr></thead>
<tbody>
{% for document in documents %}
<tr><td><a href="{{ root }}{{ document.url }}">{{ document.title }}</a></td><td>{{ document.doc_number }}</td>
<td>{{ document.published_on }}</td></tr>
{% endfor %}
</tbody>
</table>
"""

INDEX: Final = """{% extends "base.html" %}
{% block title %}政府信息公开{% endblock %}
{% block main %}
<h1>政府信息公开</h1>
<p>主动公开的政府信息共 {{ total }} 件，按发布日期从新到旧排列。</p>
<nav class="index">按年度：{% for year in years %}
<a href="#year-{{ year.code }}">{{ year.label }}（{{ year.documents | length }}）</a>
{% else %}暂无{% endfor %}</nav>
<nav class="index">按主题：{% for area in areas %}
<a href="#area-{{ area.code }}">{{ area.label }}（{{ area.documents | length }}）</a>
{% endfor %}</nav>
<h2>按年度</h2>
{% for year in years %}
<section id="year-{{ year.code }}">
<h3>{{ year.label }}</h3>
{% with documents = year.documents %}{% include "rows.html" %}{% endwith %}
</section>
{% else %}
<p>暂无主动公开的政府信息。</p>
{% endfor %}
<h2>按主题分类</h2>
{% for area in areas %}
<section id="area-{{ area.code }}">
<h3>{{ area.label }}</h3>
{% if area.documents %}{% with documents = area.documents %}{% include "rows.html" %}{% endwith %}
{% else %}<p>暂无。</p>{% endif %}
</section>
{% endfor %}
{% endblock %}
"""

DOCUMENT: Final = """{% extends "base.html" %}
{% block title %}{{ document.title }}{% endblock %}
{% block main %}
<p><a href="{{ root }}index.html">政府信息公开</a> › {{ document.subject_label }}</p>
<table class="meta">
<tr><th>索引号</th><td>{{ document.index_no }}</td><th>主题分类</th><td>{{ document.subject_label }}</td></tr>
<tr><th>发文机关</th><td>{{ document.issuer }}</td><th>成文日期</th><td>{{ document.formed_on }}</td></tr>
<tr><th>标题</th><td colspan="3">{{ document.title }}</td></tr>
<tr><th>发文字号</th><td>{{ document.doc_number }}</td><th>发布日期</th><td>{{ document.published_on }}</td></tr>
<tr><th>有效性</th><td colspan="3">{{ document.validity }}</td></tr>
</table>
{% if document.being_amended %}
<p class="notice">该文件正在修订。修订稿发布前，本页显示{{ document.published_on }}发布的现行文本。</p>
{% endif %}
<h1>{{ document.title }}</h1>
<div class="text">
{% for paragraph in document.paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}
</div>
{% if document.mark %}<p class="mark">{{ document.mark }}</p>{% endif %}
{% if document.interpretations %}
<section>
<h2>政策解读</h2>
<ul>
{% for item in document.interpretations %}
<li><a href="{{ root }}{{ item.url }}">《{{ document.title }}》{{ item.form_label }}</a>（{{ item.published_on }}）</li>
{% endfor %}
</ul>
</section>
{% endif %}
{% endblock %}
"""

INTERPRETATION: Final = """{% extends "base.html" %}
{% block title %}《{{ document.title }}》{{ item.form_label }}{% endblock %}
{% block main %}
<p><a href="{{ root }}index.html">政府信息公开</a> › 政策解读</p>
<h1>《{{ document.title }}》{{ item.form_label }}</h1>
<table class="meta">
<tr><th>解读形式</th><td>{{ item.form_label }}</td><th>发布日期</th><td>{{ item.published_on }}</td></tr>
<tr><th>相关文件</th><td colspan="3"><a href="{{ root }}{{ document.url }}">{{ document.title }}</a>
{% if document.doc_number %}（{{ document.doc_number }}）{% endif %}</td></tr>
</table>
<div class="text">
{% for paragraph in item.paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}
</div>
{% endblock %}
"""

NOT_FOUND: Final = """{% extends "base.html" %}
{% block title %}页面不存在{% endblock %}
{% block main %}
<h1>页面不存在</h1>
<p>您访问的页面不存在：该信息可能未主动公开，或已撤回。</p>
<p>如需获取未主动公开的政府信息，可依法提出政府信息公开申请。</p>
<p><a href="{{ root }}index.html">返回政府信息公开首页</a></p>
{% endblock %}
"""

TEMPLATES: Final = {
    "base.html": BASE,
    "rows.html": DOCUMENT_ROWS,
    "index.html": INDEX,
    "document.html": DOCUMENT,
    "interpretation.html": INTERPRETATION,
    "not_found.html": NOT_FOUND,
}
