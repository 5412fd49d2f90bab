"""`alskg mcp`: the graph's answers as Model Context Protocol tools for research assistants.

`tools.py` declares the tools and answers them (one call of kg/api.py each, as the CLI
makes it); `server.py` puts them on the official `mcp` SDK over stdio or streamable HTTP.
"""
