"""Holding the API's answers to its OpenAPI document.

``OpenApiTestApp`` is a WebTest app that checks every ``/api`` response it receives against
``/api/openapi.json``: the status must be documented for that path and method (or be the 405
of a method the path does not take, or an error of a URL the document does not know), the
documented headers must be there, and the JSON body must validate against the schema.
"""

import json
import re

import jsonschema
import webtest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:microblog:openapi"


class OpenApiChecker:
    def __init__(self, document):
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(DOCUMENT_URI, resource)
        self.paths = sorted(
            ((self._pattern(template), template) for template in document["paths"]),
            # literal segments before parameters: /api/users/{id} must not swallow a literal
            key=lambda item: item[1].count("{"),
        )

    @staticmethod
    def _pattern(template):
        return re.compile(
            "^" + re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "/?$"
        )

    def operation(self, path):
        for pattern, template in self.paths:
            if pattern.match(path):
                return template, self.document["paths"][template]
        return None, None

    def resolve(self, item):
        while "$ref" in item:
            *_, kind, name = item["$ref"].split("/")
            item = self.document["components"][kind][name]
        return item

    def validate(self, schema, instance, where):
        validator = jsonschema.Draft202012Validator(
            {"$ref": DOCUMENT_URI + schema["$ref"]} if "$ref" in schema else schema,
            registry=self.registry,
        )
        errors = sorted(validator.iter_errors(instance), key=lambda e: e.path)
        assert not errors, f"{where}: {errors[0].message} at {list(errors[0].path)}"

    def documented_response(self, method, path, status):
        template, path_item = self.operation(path)
        if template is None:
            # a URL the document does not know: only an error can come back
            assert status in (401, 404, 405), f"{method} {path}: unexpected {status}"
            return f"unknown URL {path}", self.document["components"]["responses"][
                {401: "Unauthorized", 404: "NotFound", 405: "MethodNotAllowed"}[status]
            ]
        operation = path_item.get(method.lower())
        if operation is None and method == "HEAD":
            operation = path_item.get("get")
        if operation is None:
            assert status == 405, f"{method} {template} is not documented, yet {status}"
            return f"{method} {template}", self.document["components"]["responses"][
                "MethodNotAllowed"
            ]
        responses = operation["responses"]
        assert str(status) in responses, (
            f"{method} {template}: status {status} is not documented "
            f"(documented: {sorted(responses)})"
        )
        return f"{method} {template} {status}", self.resolve(responses[str(status)])

    def check(self, request, response):
        self.check_answer(
            request.method, request.path_info, response.status_int, response.headers, response.body
        )

    def check_answer(self, method, path, status, headers, body):
        """``headers``: a mapping whose keys are compared case-insensitively."""
        headers = {name.lower(): value for name, value in headers.items()}
        where, documented = self.documented_response(method, path, status)
        for name, header in documented.get("headers", {}).items():
            if header.get("required"):
                assert name.lower() in headers, f"{where}: no {name} header"
        content = documented.get("content")
        if not content or method == "HEAD":
            assert not body, f"{where}: a body where none is documented"
            return
        content_type = headers.get("content-type", "").split(";")[0].strip()
        assert content_type in content, f"{where}: {content_type} instead of {sorted(content)}"
        self.validate(content[content_type]["schema"], json.loads(body), where)


class OpenApiTestApp(webtest.TestApp):
    """A WebTest app whose every ``/api`` response is checked against the document."""

    checker = None

    def do_request(self, req, status=None, expect_errors=None):
        response = super().do_request(req, status=status, expect_errors=expect_errors)
        if self.checker is not None and (req.path_info + "/").startswith("/api/"):
            self.checker.check(req, response)
        return response
