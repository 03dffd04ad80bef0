// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
use csvlite::{parse, write, CsvError};

fn rec(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

#[test]
fn simple() {
    assert_eq!(parse("a,b\nc,d\n").unwrap(), vec![rec(&["a", "b"]), rec(&["c", "d"])]);
}

#[test]
fn quoted_comma_and_quote() {
    assert_eq!(parse("\"x,y\",\"say \"\"hi\"\"\"\n").unwrap(), vec![rec(&["x,y", "say \"hi\""])]);
}

#[test]
fn empty_fields() {
    assert_eq!(parse("a,,b,\n").unwrap(), vec![rec(&["a", "", "b", ""])]);
}

#[test]
fn accents() {
    assert_eq!(parse("\"café\",naïve\n").unwrap(), vec![rec(&["café", "naïve"])]);
}

#[test]
fn unterminated() {
    assert_eq!(parse("a,\"oops\n"), Err(CsvError::UnterminatedQuote { line: 1 }));
}

#[test]
fn round_trip_newline() {
    let records = vec![rec(&["two\nlines", "x"])];
    assert_eq!(parse(&write(&records)).unwrap(), records);
}
