"""hello-web and guess-web judgements over HTTP responses held in memory (no sockets)."""

from __future__ import annotations

import html
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.guess import Answer, Unreadable
from protocols.web import (
    WORD_RULES,
    HttpResponse,
    MalformedResponse,
    body_text,
    guess_word,
    is_secret_word,
    judge_guess_escaping,
    judge_not_found,
    judge_other_method,
    judge_root,
    markup_reflections,
    media_type,
    outcomes_in,
    parse_response,
    read_guess_page,
    word_model,
)

W, R, F = Answer.WRONG, Answer.RIGHT, Answer.FOUND


def response(status=200, body=b"", content_type="text/html", version="HTTP/1.0", reason=None):
    headers = [] if content_type is None else [("Content-Type", content_type)]
    return HttpResponse(version, status, reason or {200: "OK", 404: "Not Found"}.get(status, ""), tuple(headers), body)


def raw(status_line, headers=(), body=b""):
    head = status_line + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
    return head + body


# -- parse_response (WEB-1) ----------------------------------------------------------------


def test_parses_http_1_0_and_1_1():
    r = parse_response(raw(b"HTTP/1.0 200 OK", [b"Content-Type: text/html"], b"<h1>hello client</h1>"))
    assert (r.version, r.status, r.reason, r.body) == ("HTTP/1.0", 200, "OK", b"<h1>hello client</h1>")
    assert r.header("content-type") == "text/html"
    r = parse_response(raw(b"HTTP/1.1 404 Not Found", [b"Content-Length: 3", b"Connection: close"], b"abcdef"))
    assert r.status == 404 and r.body == b"abc"


def test_parses_chunked_bodies():
    r = parse_response(raw(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: chunked"], b"5\r\nhello\r\n0\r\n\r\n"))
    assert r.body == b"hello"


def test_head_has_no_body():
    r = parse_response(raw(b"HTTP/1.0 501 Not Implemented", [b"Content-Length: 10"]), method="HEAD")
    assert r.status == 501 and r.body == b""


def test_the_course_404_is_not_http():
    with pytest.raises(MalformedResponse, match='first line is "/test not found"'):
        parse_response(b"/test not found")


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "sent nothing"),
        (b"HTTP/2 200 OK\r\n\r\n", "HTTP/1.0 or HTTP/1.1"),
        (b"HTTP/0.9 200 OK\r\n\r\n", "HTTP/1.0 or HTTP/1.1"),
        (b"HTTP/1.0 abc OK\r\n\r\n", "status line"),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 30\r\n\r\nshort", "before its announced length"),
        (b"<html>hello client</html>", "status line"),
    ],
)
def test_malformed_responses(data, words):
    with pytest.raises(MalformedResponse, match=words):
        parse_response(data)


@pytest.mark.parametrize(
    "value, expected",
    [("text/html", "text/html"), ("text/html; charset=utf-8", "text/html"), ("Text/HTML ;charset=x", "text/html"),
     ("text/plain", "text/plain"), (None, None), ("", None)],
)
def test_media_type(value, expected):
    assert media_type(value) == expected


def test_body_text_reads_html_as_a_reader_does():
    body = b"<html><head><title>T</title></head><body><p>/&lt;b&gt;  not\n found</p></body></html>"
    assert body_text(body, "text/html") == "T /<b> not found"
    assert body_text(b"a <b> &amp;", "text/plain") == "a <b> &amp;"
    assert body_text("caf\xe9".encode("latin-1"), "text/html; charset=latin-1") == "caf\xe9"
    assert body_text("caf\xe9".encode(), "text/html; charset=nonsense") == "caf\xe9"


# -- hello-web -----------------------------------------------------------------------------


def test_root_ok():
    assert judge_root(response(body=b"<H1> hello client </H1>", content_type="text/html; charset=utf-8")) == []


def test_root_problems_are_web_2():
    (v,) = judge_root(response(body=b"<h1>hello client</h1>", content_type=None))
    assert v.id == "WEB-2" and "no Content-Type" in v.message
    (v,) = judge_root(response(404, body=b"hello client"))
    assert "not 200" in v.message
    (v,) = judge_root(response(body=b"<h1>hello</h1>", content_type="text/plain"))
    assert "text/plain" in v.message and "does not contain" in v.message


def test_not_found_ok_escaped():
    target = "/<b>x</b>&\""
    body = f"<p>{html.escape(target + ' not found')}</p>".encode()
    assert judge_not_found(response(404, body), target) == []
    assert judge_not_found(response(404, b"<p>/test not found</p>"), "/test") == []


def test_not_found_as_plain_text_is_fine():
    assert judge_not_found(response(404, b"/<b> not found", "text/plain"), "/<b>") == []


def test_unescaped_reflection_is_web_4_only():
    target = "/<i>probe-7</i>"
    (v,) = judge_not_found(response(404, f"<p>{target} not found</p>".encode()), target)
    assert v.id == "WEB-4" and "<i>probe-7</i>" in v.message


def test_percent_decoded_reflection_counts():
    target = "/%3Ci%3Eprobe%3C/i%3E"
    assert judge_not_found(response(404, b"<p>/<i>probe</i> not found</p>"), target)[0].id == "WEB-4"
    assert judge_not_found(response(404, b"<p>/&lt;i&gt;probe&lt;/i&gt; not found</p>"), target) == []


def test_not_found_problems_are_web_3():
    (v,) = judge_not_found(response(200, b"<p>/test not found</p>"), "/test")
    assert v.id == "WEB-3" and "not 404" in v.message
    (v,) = judge_not_found(response(404, b"<p>Not Found</p>"), "/test")
    assert v.id == "WEB-3" and "'/test not found'" in v.message


def test_other_methods():
    assert judge_other_method(response(501), "POST") is None
    assert judge_other_method(response(405), "DELETE") is None
    v = judge_other_method(response(200), "POST")
    assert v.id == "WEB-5" and "POST /" in v.message


def test_markup_reflections_ignore_non_html_and_escaped_text():
    assert markup_reflections(response(404, b"<i>p</i>", "text/plain"), "/<i>p</i>") == []
    assert markup_reflections(response(404, b"<i>p</i>", None), "/<i>p</i>") == ["<i>p</i>"]
    assert markup_reflections(response(200, b"<a>safe</a>"), "/plain") == []


def test_any_entity_counts_as_escaped():
    target = "/<i>'&\""
    for page in ["&lt;i&gt;'&amp;&quot;", "&#60;i&#62;&#39;&#38;&#34;", "&#x3C;i&#x3e;&#x27;&#x26;&#x22;",
                 "&#060;i&gt;&apos;&amp;&quot;"]:
        assert markup_reflections(response(404, f"<p>/{page} not found</p>".encode()), target) == []


@pytest.mark.parametrize("target", ['/"probe"', '/<a href="probe">', '/%3Ca%20href%3D%22probe%22%3E', '/"probe"&amp;'])
def test_a_quote_may_stay_unescaped_in_text(target):
    """html.escape(..., quote=False) and send_error leave `"` as it is: not markup in text."""
    body = f"<p>{html.escape(urllib.parse.unquote(target), quote=False)} not found</p>".encode()
    assert markup_reflections(response(404, body), target) == []
    assert judge_not_found(response(404, body), target) == []


def test_send_error_pages_conform_to_web_3_and_web_4():
    """http.server's own send_error(404, path + ' not found'): its page as it builds it."""
    import http.server

    for target in ['/"probe"', "/<i>probe</i>&x", "/a?b=1&c=2", "/%7Euser"]:
        message = target + " not found"
        page = http.server.DEFAULT_ERROR_MESSAGE % {
            "code": 404, "message": html.escape(message, quote=False), "explain": "Nothing matches the given URI"
        }
        assert judge_not_found(response(404, page.encode()), target) == [], target


def test_escaped_and_raw_reflections_together():
    target = "/<i>probe</i>"
    body = f"<title>{html.escape(target)}</title><p>{target}</p>".encode()
    assert markup_reflections(response(404, body), target) == [target, "<i>probe</i>"]


probes = st.tuples(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=10),
                   st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=10)).map(
    lambda parts: parts[0] + "probe7" + parts[1]
)


@pytest.mark.parametrize("target", ["/probe7&amp;", "/<i>probe7</i>;x", "/probe7&amp;?q=1", "/%3Cb%3Eprobe7;&amp;"])
def test_the_path_urlparse_reads_is_a_reading_of_the_target(target):
    """`urlparse(self.path).path` cuts a last segment's `;params` off (`/probe7&amp;` is the
    path `/probe7&amp`): a server that escapes and reports that path conforms to WEB-3 and
    WEB-4 (and to WGUESS-4 for its word); one that reports it raw reflects markup."""
    path = urllib.parse.unquote(urllib.parse.urlparse(target).path)
    escaped = f"<p>{html.escape(path)} not found</p>".encode()
    assert judge_not_found(response(404, escaped), target) == []
    assert markup_reflections(response(200, f"<p>You guessed: {html.escape(path[1:])}</p>".encode()), target) == []
    raw = f"<p>{path} not found</p>".encode()
    assert [v.id for v in judge_not_found(response(404, raw), target)] == ["WEB-4"]


def test_decoded_white_space_is_compared_as_the_page_reads():
    """A server that percent-decodes the path reports its white space as it is (a space
    then a hair space); the page's text reads any run of white space as one space."""
    target = "/a/%20%E2%80%8Ab/?"
    body = f"<p>{html.escape(urllib.parse.unquote(urllib.parse.urlparse(target).path))} not found</p>".encode()
    assert judge_not_found(response(404, body), target) == []


def test_a_reading_without_markup_does_not_hide_a_raw_reflection():
    target = "/probe7;<b>x</b>"
    assert markup_reflections(response(404, f"<p>{target} not found</p>".encode()), target)


def test_punctuation_alone_is_not_judged():
    """A lone `<` or `&` cannot be told from the page's own markup."""
    assert markup_reflections(response(404, b"<p>/&lt; not found &amp;</p>"), "/<") == []


@given(probes)
def test_escaped_reflections_are_never_flagged(word):
    target = "/" + urllib.parse.quote(word, safe="")
    page = f"<html><body><p>{html.escape(guess_word(target))}</p><p>{html.escape(target)}</p></body></html>"
    assert markup_reflections(response(200, page.encode()), target) == []


@given(probes)
def test_raw_reflections_of_markup_are_always_flagged(word):
    target = "/" + urllib.parse.quote(word, safe="")
    page = f"<html><body><p>You guessed {guess_word(target)}.</p></body></html>"
    flagged = markup_reflections(response(200, page.encode()), target)
    assert bool(flagged) == bool(set(word) & set("<>&"))


# -- guess-web: the word, the outcome ------------------------------------------------------


@pytest.mark.parametrize(
    "target, word",
    [("/apple", "apple"), ("/apple?x=1", "apple"), ("/%61pple", "apple"), ("/", ""), ("/?apple", ""),
     ("/a%3Fb", "a?b"), ("/a+b", "a+b"), ("/a/b", "a/b"), ("/caf%C3%A9", "caf\xe9"), ("/apple#x", "apple#x"),
     ("apple", "apple")],
)
def test_guess_word(target, word):
    assert guess_word(target) == word


@given(st.text(max_size=20))
def test_guess_word_undoes_percent_encoding(word):
    assert guess_word("/" + urllib.parse.quote(word, safe="") + "?q=1") == word


@pytest.mark.parametrize("word, ok", [("apple", True), ("a", True), ("", False), ("Apple", False),
                                     ("app le", False), ("caf\xe9", False), ("apple1", False)])
def test_is_secret_word(word, ok):
    assert is_secret_word(word) is ok


@pytest.mark.parametrize(
    "text, outcomes",
    [
        ("wrong", [W]),
        ("Wrong!", [W]),
        ("right", [R]),
        ("The secret found", [F]),
        ("secret\n  found", [F]),
        ("SECRET FOUND", [F]),
        ("copyright 2024", []),
        ("wrongly rightful secretfound", []),
        ("secret found, found!", [F]),
        ("the secret is hidden", []),
        ("wrong wrong wrong", [W]),
        ("right, not wrong", [R, W]),
        ("_wrong", []),
        ("wrong-headed", [W]),
        ("", []),
    ],
)
def test_outcomes_are_whole_words(text, outcomes):
    assert outcomes_in(text) == outcomes


def test_read_guess_page():
    assert read_guess_page(response(body=b"<title>guess</title><h1>wrong</h1>")) is W
    assert read_guess_page(response(body=b"<h1>secret <b>found</b></h1>", content_type="text/html;charset=utf-8")) is F
    for bad, words in [
        (response(404, b"<h1>wrong</h1>"), "404 Not Found response instead of 200 OK"),
        (response(body=b"wrong", content_type="text/plain"), "text/plain"),
        (response(body=b"wrong", content_type=None), "no Content-Type"),
        (response(body=b"<h1>nope</h1>"), "none of the outcomes"),
        (response(body=b"<h1>wrong</h1><p>right</p>"), "several outcomes"),
    ]:
        reply = read_guess_page(bad)
        assert isinstance(reply, Unreadable) and words in reply.shown


def test_guess_escaping_is_wguess_4():
    target = "/%3Cb%3Eprobe%3C%2Fb%3E"
    assert judge_guess_escaping(response(body=b"<p>&lt;b&gt;probe&lt;/b&gt;</p><h1>wrong</h1>"), target) is None
    v = judge_guess_escaping(response(body=b"<p><b>probe</b></p><h1>wrong</h1>"), target)
    assert v.id == "WGUESS-4"


# -- guess-web: the found state with words --------------------------------------------------


def ask(model, target, reply):
    return model.answer(model.send(target), reply)


def test_word_model_happy_path():
    model = word_model("apple")
    assert ask(model, "/", W) is None
    assert ask(model, "/pear", W) is None
    assert ask(model, "/Apple", W) is None
    assert ask(model, "/apple?from=form", R) is None
    assert ask(model, "/apple", F) is None
    assert ask(model, "/", F) is None


def test_word_ids():
    model = word_model("apple")
    v = ask(model, "/apple?from=form", W)
    assert v.id == "WGUESS-1" and "a guess of the word 'apple'" in v.message
    model = word_model("apple")
    assert ask(model, "/", F).id == "WGUESS-2"
    assert ask(model, "/", R).id == "WGUESS-2"
    assert ask(model, "/apple", R) is None
    assert ask(model, "/apple", R).id == "WGUESS-1"
    assert ask(model, "/pear", W).id == "WGUESS-1"
    assert ask(model, "/pear", Unreadable("a 404 Not Found response")).id == "WGUESS-1"


def test_word_secret_not_secret_is_wguess_3():
    model = word_model("apple")
    v = ask(model, "/apple", W)
    assert v.id == "WGUESS-3" and "SECRET is 'apple'" in v.message
    model = word_model("apple")
    assert ask(model, "/pear", R).id == "WGUESS-3"
    assert model.secret == "pear"


def test_word_model_unknown_secret():
    model = word_model()
    assert ask(model, "/pear", W) is None
    assert model.candidates() is None and not model.could_be_secret("/pear") and model.could_be_secret("/plum")
    assert ask(model, "/pear", R).id == "WGUESS-1"
    assert ask(model, "/Pl%21um", R).id == "WGUESS-1"  # `pl!um`: no reading makes it a secret
    assert ask(model, "/plum", R) is None
    assert model.secret == "plum"


@pytest.mark.parametrize("target", ["/Plum", "/PLUM", "/%20plum", "/plum%09"])
def test_the_secret_in_capitals_or_with_white_space_may_be_read_either_way(target):
    """V-LENIENT: a server that ignores case (or strips the word) reads `/Plum` as `plum`."""
    model = word_model("plum")
    assert model.allowed(model.send(target)) == {W, R}
    model = word_model("plum")
    assert ask(model, target, W) is None and not model.found
    assert ask(model, "/plum", R) is None
    model = word_model("plum")
    assert ask(model, target, R) is None and model.found
    assert ask(model, "/plum", F) is None
    model = word_model()
    assert ask(model, target, R) is None
    assert model.secret == "plum"
    assert "to a server that ignores case" in WORD_RULES.describe(target)


def test_not_found_accepts_the_target_with_or_without_its_query():
    for body in [b"<p>/a?x=1 not found</p>", b"<p>/a not found</p>", b"/a%20b not found", b"/a b not found"]:
        target = "/a%20b?x=1" if b"b" in body else "/a?x=1"
        assert judge_not_found(response(404, body), target) == [], body
    assert judge_not_found(response(404, b"<p>/x not found</p>"), "/a?x=1")[0].id == "WEB-3"


def test_word_race():
    model = word_model("apple")
    a, b = model.send("/apple"), model.send("/pear")
    assert model.allowed(b) == {W, F}
    assert model.answer(b, F) is None
    assert model.answer(a, R) is None
