def test_anonymous_home_redirects_to_login_with_next(testapp):
    response = testapp.get("/", status=303)
    assert response.location == "http://example.com/login?next=%2F"


def test_signed_in_user_sees_the_post_form(as_ana):
    page = as_ana.get("/")
    assert "Hi, ana!" in page.text
    assert "post" in page.forms["homeview"].fields
