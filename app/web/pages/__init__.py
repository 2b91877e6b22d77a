"""The web pages for the people who work in gongkai: server-rendered Simplified Chinese, usable without JavaScript.

`render` fills a template (autoescaped Jinja2 under templates/, each extending base.html); `nav` says which pages
each role has and which is its home; `login` signs in and out; `landing` holds a placeholder home per role.
"""
