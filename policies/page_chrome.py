"""Web-page chrome in a document's text: the lines a copy saved from a government site keeps around the document
(the breadcrumb 首页 > 政务公开 > …, 字号：大 中 小, 打印本页 关闭窗口, the footer 主办：… 网站标识码 … ICP备…). They
are not the document, so they are neither reviewed nor published.

Only whole lines are dropped, and only lines made of nothing but chrome: a line of the document that names the
same things (主办单位：市文化和旅游局 in an event notice, 各网站须完成ICP备案, a table row 微信 微博) is kept.
The original file is kept as it was submitted; this is the text read from it.
"""

import re

PAGE_WORDS = (
    "登录", "注册", "退出", "首页", "无障碍", "长者模式", "关怀版", "繁體", "繁体", "简体", "English", "网站地图",
    "打印本页", "打印", "关闭窗口", "关闭", "分享到", "分享", "收藏", "微信", "微博", "返回顶部", "我要纠错",
    "我要打印", "字号", "大", "中", "小",
)  # fmt: skip
"""The words a page's navigation and tool lines are made of (longer before shorter: 打印本页 before 打印)."""
SURE_WORDS = (
    "打印本页", "关闭窗口", "字号", "字体", "返回顶部", "我要纠错", "我要打印", "网站地图", "分享到", "无障碍",
    "长者模式", "关怀版", "扫一扫",
)  # fmt: skip
"""Words only a web page's tools use: a line of page words holding one of them is chrome."""

PAGE_SEPARATORS = r"【|】|\[|\]|\||｜|/|·|\s"
"""What sets a page's words apart on its tool lines."""
_NAMED = "|".join(word for word in PAGE_WORDS if len(word) > 1)  # 大 中 小 alone say nothing
_TOOL_TOKEN = re.compile(
    rf"(?:字号|字体|分享到)\s*[:：]?|扫一扫在手机(?:上)?打开(?:当前页|本页)?|{'|'.join(PAGE_WORDS)}|{PAGE_SEPARATORS}"
)
_BRACKETED = re.compile(rf"[【\[](?:{_NAMED})[】\]]")
_STEP = r"[>›»＞]"
_WHERE = r"(?:您现在的位置|您当前的位置|当前位置|所在位置|当前页面)\s*[:：]"
_CRUMB = r"[^>›»＞。；\n]{1,60}"
_NEXT = rf"\s*{_STEP}\s*{_CRUMB}"
_BREADCRUMB = re.compile(rf"^(?:{_WHERE}\s*(?:首页|{_CRUMB}{_NEXT})|首页{_NEXT})(?:{_NEXT})*\s*{_STEP}?$")
"""您现在的位置：首页 > 政务公开 > 通知公告, or 首页 > 政务公开 > 政府文件 (the last step may be the title)."""
_MENU = re.compile(r"^首页(?:[\s|｜·]+[\u4e00-\u9fff]{2,6}){2,}$")
"""The site's menu: 首页 政务公开 政策文件 办事服务 互动交流."""
_FOOTER_ITEM = re.compile(
    r"(?:主办|承办|主办单位|承办单位|技术支持|版权所有)\s*[:：]?\s*\S*"
    r"|(?:Copyright|COPYRIGHT|©)\S*"
    r"|网站标识码\s*[:：]?\s*[0-9A-Za-z]*"
    r"|\S{0,3}ICP备[0-9]+号(?:-[0-9]+)?"
    r"|\S{0,6}公网安备[0-9]+号"
    r"|网站地图|联系我们|[0-9]{4}"
)
_FOOTER_SURE = re.compile(r"ICP备\s*[0-9]+号|公网安备\s*[0-9]+号|网站标识码\s*[:：]?\s*[0-9A-Za-z]{6,}")
"""What only a site's footer carries: its ICP or public-security filing number, its 网站标识码."""


def is_page_chrome(line: str) -> bool:
    """Whether a whole line is the web page around the document: a tool line, a breadcrumb or menu, the footer."""
    text = line.strip(" \t\u3000\xa0")
    return bool(text) and (_is_tool_line(text) or bool(_BREADCRUMB.match(text) or _MENU.match(text))
                           or _is_footer(text))  # fmt: skip


def without_page_chrome(text: str) -> str:
    """The text with its lines of web-page chrome left out, every other line as it was."""
    return "\n".join(line for line in text.split("\n") if not is_page_chrome(line)).strip("\n")


def _is_tool_line(text: str) -> bool:
    """Page words only (字号：大 中 小 | 打印本页 | 关闭窗口), with a word only pages use, or two bracketed
    (【打印】【关闭】) or set apart by | (登录 | 注册)."""
    if _TOOL_TOKEN.sub("", text):
        return False
    if any(word in text for word in SURE_WORDS):
        return True
    words = re.findall(_NAMED, text)
    return len(_BRACKETED.findall(text)) >= 2 or (len(words) >= 2 and bool(re.search(r"[|｜]", text)))


def _is_footer(text: str) -> bool:
    """Footer items only (主办：…, 网站标识码：…, 渝ICP备…号, 网站地图, 联系我们), one of them a filing number or
    the site code (a line 版权所有：某出版社 alone is the document's)."""
    items = [item for item in re.split(r"[|｜·\s]+", re.sub(r"(?<=备)\s+(?=[0-9])", "", text)) if item]
    return bool(_FOOTER_SURE.search(text)) and all(_FOOTER_ITEM.fullmatch(item) for item in items)
