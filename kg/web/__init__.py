"""`alskg serve`: the web explorer, the JSON API and the SPARQL endpoint (Starlette).

app.py builds the application (bounds, headers, errors); state.py holds what the routes
share; pages.py, jsonapi.py and sparql.py are the routes of each page family, params.py
checks their parameters and responses.py renders them; server.py runs it under uvicorn.
templates/ and static/ ship in the package.
"""
