"""Flickr REST stand-in (one endpoint, ?method=...). Shapes follow the pages
cited in fixtures/flickr/*.json; failures are HTTP 200 with "stat": "fail"
as https://www.flickr.com/services/api/response.json.html documents."""

from __future__ import annotations

from .server import Request, Response, StandIn, fixture

API_KEY = "test-api-key"
NSID = "12037949754@N01"


def _fail(code: int, message: str) -> Response:
    return Response(200, {"stat": "fail", "code": code, "message": message})


def register(server: StandIn) -> None:
    def rest(request: Request) -> Response:
        query = request.query
        if query.get("format") != "json" or query.get("nojsoncallback") != "1":
            return Response(200, 'jsonFlickrApi({"stat":"fail","code":111,"message":"Format not found"})')
        if query.get("api_key") != API_KEY:
            return _fail(100, "Invalid API Key (Key has invalid format)")
        method = query.get("method")
        if method == "flickr.urls.lookupUser":
            if query.get("url") != "https://www.flickr.com/photos/mayoclinic/":
                return _fail(1, "User not found")
            return Response(200, fixture("flickr/lookup_user.json"))
        if query.get("user_id") != NSID:
            return _fail(2, "Unknown user")
        if method == "flickr.people.getInfo":
            return Response(200, fixture("flickr/person.json"))
        if method == "flickr.people.getPublicPhotos":
            return Response(200, fixture(f"flickr/photos_page{query.get('page', '1')}.json"))
        return _fail(112, f'Method "{method}" not found')

    server.route("flickr", "GET", "/", rest)
