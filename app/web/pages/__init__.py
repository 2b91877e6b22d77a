"""The web pages for the people who work in gongkai: Simplified Chinese, server-rendered, no JavaScript needed."""
