"""The reports as files a supervisor or an office opens: a terminal table, csv, xlsx (Excel and WPS), html with
inline SVG charts (no network, no script), docx an office can edit. Each renders a read model; the CLI writes
them, the web pages offer them for download."""
