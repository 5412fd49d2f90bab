"""`alskg serve`: the web explorer, the JSON API and the SPARQL endpoint (Starlette).

app.py builds the application; pages.py, jsonapi.py and sparql.py hold the routes of each
page family; server.py runs it under uvicorn. templates/ and static/ ship in the package.
"""
