"""Reports as files a supervisor opens: xlsx (Excel, WPS) and self-contained HTML, rendered from the read models."""
