"""Reading raw inputs: every kind of bad input becomes a record with a clear error."""

import json

from dateline.sources import Caps, decode_bytes, discover, read_file, read_inputs


def test_decode_utf8_bom_cp1252_latin1_and_binary():
    assert decode_bytes("héllo".encode()) == ("héllo", None, None)
    text, note, err = decode_bytes(b"\xef\xbb\xbfhello")
    assert text == "hello" and note == "utf-8 with BOM" and err is None
    text, note, err = decode_bytes("It costs £5 – “ok”".encode("cp1252"))
    assert text == "It costs £5 – “ok”" and "cp1252" in note
    text, note, _ = decode_bytes(b"caf\xe9 \x81")  # 0x81 is undefined in cp1252
    assert text.startswith("café") and "latin-1" in note
    assert decode_bytes(b"\x00\x01\x02binary")[2] == "binary content (not text)"


def test_jsonl_broken_line_between_good_lines(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"id": "a1", "text": "First."}),
                "{not json",
                json.dumps({"text": "Third.", "date": "2020-01-02", "source": "Wire"}),
                json.dumps({"title": "no text"}),
            ]
        )
    )
    rows = list(read_file(f, Caps()))
    assert [r["record_no"] for r in rows] == [1, 2, 3, 4]
    assert rows[0]["external_id"] == "a1" and rows[0]["error"] is None
    assert "line 2 is not valid JSON" in rows[1]["error"]
    assert rows[2]["published_raw"] == "2020-01-02" and rows[2]["publisher"] == "Wire"
    assert rows[2]["external_id"] == "batch:3"
    assert "no 'text'" in rows[3]["error"]


def test_csv_records(tmp_path):
    f = tmp_path / "news.csv"
    f.write_text('url,date,title,text\nhttp://x/1,2019-01-04,Hello,"Line one, with ""quotes"".\n\nPara two."\n')
    (row,) = read_file(f, Caps())
    assert row["title"] == "Hello" and row["raw_text"].startswith('Line one, with "quotes".')
    assert row["external_id"] == "news:1"


def test_csv_without_text_column(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("a,b\n1,2\n")
    (row,) = read_file(f, Caps())
    assert row["error"] == "CSV has no 'text' column"


def test_file_over_cap_is_rejected(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("x" * 2000)
    (row,) = read_file(f, Caps(max_file_bytes=1000))
    assert "over the cap" in row["error"]


def test_html_with_only_navigation(tmp_path):
    f = tmp_path / "nav.html"
    f.write_text("<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>")
    (row,) = read_file(f, Caps())
    assert "no main text" in row["error"]


def test_html_article(tmp_path):
    para = "The minister said the talks were productive and would continue next week in Geneva. " * 4
    f = tmp_path / "story.html"
    f.write_text(
        f"<html><head><title>Talks continue</title></head><body><article><h1>Talks continue</h1>"
        f"<p>{para}</p><p>{para}</p></article></body></html>"
    )
    (row,) = read_file(f, Caps())
    assert row["error"] is None and "productive" in row["raw_text"]


def test_discover_walks_folders_and_reports_missing_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A.")
    (tmp_path / "b.jsonl").write_text("")
    (tmp_path / "skip.bin").write_bytes(b"\x00")
    files, problems = discover([tmp_path, tmp_path / "nope"])
    assert [f.name for f in files] == ["b.jsonl", "a.txt"]
    assert problems == [
        (str(tmp_path / "skip.bin"), "unsupported file type .bin"),
        (str(tmp_path / "nope"), "path does not exist"),
    ]
    assert read_inputs(files, Caps()).height == 1  # the empty JSONL holds no records
