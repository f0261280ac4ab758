"""Yelp Fusion stand-in: business details and review excerpts."""

from __future__ import annotations

from tests.standin.server import Request, Response, StandIn, fixture

API_KEY = "yelp-good-key"
ALIAS = "riverside-regional-medical-center-columbus"
# _source: https://docs.developer.yelp.com/docs/fusion-error-messages (error objects with code and description)
TOKEN_INVALID = {"error": {"code": "TOKEN_INVALID", "description": "Invalid access token or authorization header."}}
NOT_FOUND = {"error": {"code": "BUSINESS_NOT_FOUND", "description": "The requested business could not be found."}}


def register(server: StandIn) -> None:
    def business(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {API_KEY}":
            return Response(401, TOKEN_INVALID)
        parts = request.path.removeprefix("/v3/businesses/").split("/")
        if parts[0] not in (ALIAS, "WavvLdfdP6g8aZTtbBQHTw"):
            return Response(404, NOT_FOUND)
        if parts[1:] == ["reviews"]:
            return Response(body=fixture("yelp/reviews.json"))
        return Response(body=fixture("yelp/business.json"))

    def search(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {API_KEY}":
            return Response(401, TOKEN_INVALID)
        if not request.query.get("location"):
            # _source: https://docs.developer.yelp.com/reference/v3_business_search (location or coordinates required)
            return Response(400, {"error": {"code": "VALIDATION_ERROR",
                                            "description": "Please specify a location or a latitude and longitude"}})
        return Response(body=fixture("yelp/search.json"))

    server.route("yelp", "GET", "/v3/businesses/", business)
    server.route("yelp", "GET", "/v3/businesses/search", search)
