package dev.palisade.http.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where Palisade's markup goes in an upstream's page: first in its real head, never where a browser would not run it as such. */
class PageInjectionTest {

    /** The page with the markup's place marked {@code @}. */
    private static String placed(String html) {
        String tags = UpstreamPageHandler.inject(html, "@", null);
        int at = tags.indexOf('@');
        return tags.substring(0, at + 1) + tags.substring(tags.indexOf("</script>", at) + "</script>".length());
    }

    @Test
    void theMarkupGoesFirstInTheRealHead() {
        assertThat(placed("<!doctype html><html><head lang=en><title>t</title>")).isEqualTo("<!doctype html><html><head lang=en>@<title>t</title>");
        assertThat(placed("<!DOCTYPE html><!-- an old <head> --><html><HEAD><title>"))
                .isEqualTo("<!DOCTYPE html><!-- an old <head> --><html><HEAD>@<title>");
        assertThat(placed("<!--><head><title>")).as("<!--> is a whole comment").isEqualTo("<!--><head>@<title>");
        assertThat(placed("<!--->\n<head/>y")).isEqualTo("<!--->\n<head/>@y");
    }

    /* A page without a head tag had the markup put into its <header>, or before its doctype (quirks mode). */
    @Test
    void aPageWithoutAHeadTagGetsItAfterItsDoctypeAndHtmlTag() {
        assertThat(placed("<!doctype html><html lang=en><meta charset=utf-8><body><header>x</header>"))
                .isEqualTo("<!doctype html><html lang=en>@<meta charset=utf-8><body><header>x</header>");
        assertThat(placed("<!doctype html><p>hi")).isEqualTo("<!doctype html>@<p>hi");
        assertThat(placed("<html><!-- <head> --><body>")).isEqualTo("<html>@<!-- <head> --><body>");
        assertThat(placed("\uFEFF<p>hi")).as("after the byte order mark").isEqualTo("\uFEFF@<p>hi");
        assertThat(placed("<p>hi <!-- unended <head>")).isEqualTo("@<p>hi <!-- unended <head>");
        assertThat(placed("<!doctype html>\n<!-- x -->\n<html lang=en>\n  <head>\n<title>"))
                .isEqualTo("<!doctype html>\n<!-- x -->\n<html lang=en>\n  <head>@\n<title>");
    }

    @Test
    void commentsAndBlankSpaceAtTheStartAreReadPastNotPlacesOfTheirOwn() {
        assertThat(placed("<!-- note --><p>hi")).isEqualTo("@<!-- note --><p>hi");
        assertThat(placed("<html>\n")).as("blank to the end").isEqualTo("<html>@\n");
        assertThat(placed("   ")).isEqualTo("@   ");
        assertThat(placed("<html><html lang=en><head>x")).as("a second <html> only adds its attributes")
                .isEqualTo("<html><html lang=en><head>@x");
    }

    /* Past the page's start, a tag that reads as <html> or a doctype is a script's or a text area's text. */
    @Test
    void aTagInsideTheBodyIsNoPlaceForTheMarkup() {
        assertThat(placed("<!doctype html><body><script>var t = '<html>' + x;</script>"))
                .isEqualTo("<!doctype html>@<body><script>var t = '<html>' + x;</script>");
        assertThat(placed("<p>x</p><textarea><!DOCTYPE html><head></textarea>"))
                .isEqualTo("@<p>x</p><textarea><!DOCTYPE html><head></textarea>");
        assertThat(placed("<html><body><iframe srcdoc=\"<!doctype html><head>\"></iframe>"))
                .isEqualTo("<html>@<body><iframe srcdoc=\"<!doctype html><head>\"></iframe>");
    }
}
