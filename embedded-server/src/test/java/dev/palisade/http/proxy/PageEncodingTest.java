package dev.palisade.http.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PageEncodingTest {

    private static final byte[] ASCII = "<html><head></head></html>".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "text/html; charset=utf-8|UTF-8",
            "text/html;charset=\"ISO-8859-1\"|ISO-8859-1",
            "TEXT/HTML; foo=bar; CHARSET = windows-1252|windows-1252",
            "text/html; charset=utf-16le|UTF-16LE",
            // none named, or one Java does not know: read byte for byte, so the page's own bytes pass unchanged
            "text/html|ISO-8859-1",
            "text/html; charset=no-such-charset|ISO-8859-1",
            "text/html; charset=\"|ISO-8859-1"})
    void aPageIsReadInTheCharsetItsContentTypeNames(String contentType, String charset) {
        PageEncoding encoding = PageEncoding.of(contentType, ASCII);
        assertThat(encoding.charset()).isEqualTo(Charset.forName(charset));
        assertThat(encoding.contentType()).isEqualTo(contentType);
    }

    @Test
    void aByteOrderMarkDecidesFirstAsInABrowser() {
        byte[] utf8 = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'p', '>'};
        assertThat(PageEncoding.of("text/html; charset=iso-8859-1", utf8).charset()).isEqualTo(StandardCharsets.UTF_8);
        byte[] utf16 = {(byte) 0xFF, (byte) 0xFE, '<', 0, 'p', 0};
        PageEncoding wide = PageEncoding.of("text/html", utf16);
        assertThat(wide.decode(utf16)).isEqualTo("<p");
        assertThat(wide.decode(wide.encode(wide.decode(utf16)))).isEqualTo("<p");
    }

    @Test
    void aCharsetThatCanOnlyBeReadIsWrittenAsUtf8AndTheHeaderSaysSo() {
        assertThat(Charset.forName("ISO-2022-CN").canEncode()).isFalse();
        PageEncoding encoding = PageEncoding.of("text/html; charset=ISO-2022-CN", ASCII);
        assertThat(encoding.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(encoding.contentType()).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void aPageWithoutANamedCharsetKeepsEveryByte() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
        PageEncoding encoding = PageEncoding.of("text/html", bytes);
        assertThat(encoding.encode(encoding.decode(bytes))).containsExactly(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"text/html|true", "Text/HTML ; charset=utf-8|true", "text/htmlx|false",
            "application/xhtml+xml|false", "image/png|false", "|false"})
    void onlyTextHtmlIsAPage(String contentType, boolean html) {
        assertThat(PageEncoding.isHtml(contentType)).isEqualTo(html);
    }
}
