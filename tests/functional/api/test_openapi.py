"""``/api/openapi.json`` is a valid OpenAPI 3.1 document that describes exactly the API."""

from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from microblog.resources import api as resources

# where each API context sits in the document's paths
PATHS = {
    resources.ApiTokens: "/api/tokens",
    resources.ApiUsers: "/api/users",
    resources.ApiUserContext: "/api/users/{id}",
    resources.ApiFollowers: "/api/users/{id}/followers",
    resources.ApiFollowed: "/api/users/{id}/followed",
    resources.ApiUserPosts: "/api/users/{id}/posts",
    resources.ApiFollow: "/api/users/{id}/follow",
    resources.ApiBlock: "/api/users/{id}/block",
    resources.ApiMute: "/api/users/{id}/mute",
    resources.ApiReports: "/api/reports",
    resources.ApiReportContext: "/api/reports/{id}",
    resources.ApiPosts: "/api/posts",
    resources.ApiPostContext: "/api/posts/{id}",
    resources.ApiPostConversation: "/api/posts/{id}/context",
    resources.ApiPostHistory: "/api/posts/{id}/history",
    resources.ApiPostLike: "/api/posts/{id}/like",
    resources.ApiPostRepost: "/api/posts/{id}/repost",
    resources.ApiPostLikes: "/api/posts/{id}/likes",
    resources.ApiPostReposts: "/api/posts/{id}/reposts",
    resources.ApiTagPosts: "/api/tags/{name}/posts",
    resources.ApiNotifications: "/api/notifications",
    resources.ApiFeed: "/api/feed",
    resources.ApiMessages: "/api/messages",
    resources.ApiMessageContext: "/api/messages/{id}",
    resources.ApiSearch: "/api/search",
    resources.ApiMedia: "/api/media",
    resources.ApiMediaContext: "/api/media/{id}",
    resources.ApiDocument: "/api/openapi.json",
}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def test_the_document_is_valid_openapi_3_1(openapi_document):
    validate(openapi_document, cls=OpenAPIV31SpecValidator)


def test_every_api_view_is_documented_and_every_operation_has_a_view(app, openapi_document):
    served = set()
    for item in app.registry.introspector.get_category("views"):
        view = item["introspectable"]
        if view["context"] in PATHS and not view["exception_only"]:
            assert view["name"] == "", "API views are the default views of their contexts"
            methods = view["request_methods"]
            for method in (methods,) if isinstance(methods, str) else methods:
                if method != "HEAD":
                    served.add((PATHS[view["context"]], method.lower()))
    documented = {
        (path, method)
        for path, item in openapi_document["paths"].items()
        for method in item
        if method in METHODS
    }
    assert served == documented


def test_every_operation_documents_its_errors_in_the_error_shape(openapi_document):
    for path, item in openapi_document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation["responses"]
            assert "500" in responses, f"{method} {path}"
            public = operation.get("security") == []
            if not public:
                assert "401" in responses, f"{method} {path}"
            if "{id}" in path:
                assert "404" in responses, f"{method} {path}"
            if "requestBody" in operation or any(
                p.get("$ref", "").endswith("/page") for p in operation.get("parameters", [])
            ):
                assert "400" in responses, f"{method} {path}"


def test_every_throttled_operation_documents_its_429(openapi_document):
    throttled = {
        ("post", "/api/tokens"),
        ("post", "/api/users"),
        ("post", "/api/posts"),
        ("post", "/api/media"),
        ("post", "/api/messages"),
    }
    for method, path in throttled:
        answer = openapi_document["paths"][path][method]["responses"]["429"]
        assert answer["$ref"] == "#/components/responses/TooManyRequests", (method, path)
    headers = openapi_document["components"]["responses"]["TooManyRequests"]["headers"]
    assert headers["Retry-After"]["required"]


def test_every_context_of_the_api_branch_is_mapped():
    """So that the test above sees every endpoint of ``resources/api.py``."""
    # (tags are only the way to their posts: /api/tags and /api/tags/{name} answer nothing)
    bases = {
        resources.ApiRoot,
        resources.ApiNode,
        resources.ApiRows,
        resources.ApiRowContext,
        resources.ApiUserPart,
        resources.ApiPostPart,
        resources.ApiTags,
        resources.ApiTagContext,
    }
    contexts = {
        cls
        for cls in vars(resources).values()
        if isinstance(cls, type) and cls.__module__ == resources.__name__
    }
    assert contexts - bases == set(PATHS)
