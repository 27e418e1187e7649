package dev.palisade.http.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvCellTest {

    @Test
    void aCellASpreadsheetWouldReadAsAFormulaStartsWithAnApostrophe() {
        assertThat(CsvCell.text("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvCell.text("+1")).isEqualTo("'+1");
        assertThat(CsvCell.text("-1")).isEqualTo("'-1");
        assertThat(CsvCell.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvCell.text("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvCell.text("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(CsvCell.text("a=1")).as("only at the start").isEqualTo("a=1");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedAsRfc4180Says() {
        assertThat(CsvCell.text("/api/notes")).isEqualTo("/api/notes");
        assertThat(CsvCell.text("")).isEqualTo("");
        assertThat(CsvCell.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCell.text("{\"k\":\"v\"}")).isEqualTo("\"{\"\"k\"\":\"\"v\"\"}\"");
        assertThat(CsvCell.text("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(CsvCell.text("=a,b")).isEqualTo("\"'=a,b\"");
    }
}
