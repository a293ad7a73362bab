from streamlit.testing.v1 import AppTest


def _caption_app(text):
    import streamlit as st

    from ui.text import plain

    st.caption(plain(text))


def test_markdown_and_html_in_typed_text_show_as_typed():
    typed = "**Bold** [link](http://x.test) <b>tag</b> # not a heading_"
    at = AppTest.from_function(_caption_app, args=(typed,)).run()
    rendered = at.caption[0].value
    assert "\\*\\*Bold\\*\\*" in rendered and "\\[link\\]" in rendered and "\\<b\\>" in rendered
