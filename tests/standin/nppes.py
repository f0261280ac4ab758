"""NPPES NPI Registry stand-in (https://npiregistry.cms.hhs.gov/api-page, version 2.1).

``GET /api/?version=2.1&number=N`` answers the fixture ``nppes/N.json``;
an NPI without a fixture gets ``result_count: 0`` as the registry answers an
unknown number; a malformed one, or a missing or other version, gets the
registry's ``Errors`` list.
"""

from __future__ import annotations

from tests.standin.server import FIXTURES, Request, Response, StandIn, fixture


def register(server: StandIn) -> None:
    def api(request: Request) -> Response:
        if request.query.get("version") != "2.1":
            return Response(body={"Errors": [{"description": "Version field is required and must be 2.1",
                                              "field": "version"}]})
        number = request.query.get("number", "")
        if not (len(number) == 10 and number.isdigit()):
            return Response(body={"Errors": [{"description": "Field number requires number to be exactly 10 "
                                                             "digits", "field": "number", "number": number}]})
        if (FIXTURES / "nppes" / f"{number}.json").exists():
            return Response(body=fixture(f"nppes/{number}.json"))
        return Response(body={"result_count": 0, "results": []})

    server.route("nppes", "GET", "/api/", api)
