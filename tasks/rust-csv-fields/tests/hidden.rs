// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
// Hidden grader tests, copied into the crate's tests/ at grading time.
use csvlite::{parse, write, CsvError};

fn rec(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

#[test]
fn terminators_and_empty_lines() {
    assert_eq!(parse("").unwrap(), Vec::<Vec<String>>::new());
    assert_eq!(parse("\n").unwrap(), vec![rec(&[""])]);
    assert_eq!(parse("a\r\nb").unwrap(), vec![rec(&["a"]), rec(&["b"])]);
    assert_eq!(parse("a,b\r\n\r\nc\n").unwrap(), vec![rec(&["a", "b"]), rec(&[""]), rec(&["c"])]);
    assert_eq!(parse("x\ry,z\n").unwrap(), vec![rec(&["x\ry", "z"])], "a lone \\r is data");
}

#[test]
fn empty_fields() {
    assert_eq!(parse(",").unwrap(), vec![rec(&["", ""])]);
    assert_eq!(parse("a,\n,b\n\"\",\"\"").unwrap(), vec![rec(&["a", ""]), rec(&["", "b"]), rec(&["", ""])]);
}

#[test]
fn quoted_fields() {
    assert_eq!(parse("\"a\"\"b\",\"\"\"\"\n").unwrap(), vec![rec(&["a\"b", "\""])]);
    assert_eq!(parse("\"multi\r\nline, with comma\",2\r\n3,4").unwrap(),
               vec![rec(&["multi\r\nline, with comma", "2"]), rec(&["3", "4"])]);
    assert_eq!(parse("\"ends in newline\n\"\n").unwrap(), vec![rec(&["ends in newline\n"])]);
}

#[test]
fn unicode() {
    assert_eq!(parse("Zoë,\"Ångström, 🦀\",日本\n").unwrap(), vec![rec(&["Zoë", "Ångström, 🦀", "日本"])]);
    assert_eq!(parse("\"é\"\"ß\"").unwrap(), vec![rec(&["é\"ß"])]);
}

#[test]
fn errors_with_lines() {
    assert_eq!(parse("a,b\n\"c\nd,e"), Err(CsvError::UnterminatedQuote { line: 2 }));
    assert_eq!(parse("ab\"c\n"), Err(CsvError::UnexpectedQuote { line: 1 }));
    assert_eq!(parse("x\n\"a\"b,c\n"), Err(CsvError::UnexpectedQuote { line: 2 }));
    assert_eq!(parse("\"one\ntwo\nthree\"x"), Err(CsvError::UnexpectedQuote { line: 3 }));
    assert_eq!(parse("\"ok\n\"\nfine,\"bad\n"), Err(CsvError::UnterminatedQuote { line: 3 }));
    assert_eq!(parse("a,b\r\nc,d\"\r\n"), Err(CsvError::UnexpectedQuote { line: 2 }));
}

#[test]
fn write_quotes_exactly_when_needed() {
    let r = vec![rec(&["a,b", "c\"d", "e\rf", "", "g h", "x\ny"]), rec(&[""])];
    assert_eq!(write(&r), "\"a,b\",\"c\"\"d\",\"e\rf\",,g h,\"x\ny\"\n\n");
}

/// xorshift64*: deterministic, no crates.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn round_trip_random_records() {
    let alphabet = ['a', 'b', ' ', ',', '"', '\n', '\r', 'é', '🦀', '日', 'z'];
    let mut rng = Rng(0x9E3779B97F4A7C15);
    for case in 0..300 {
        let mut records = Vec::new();
        for _ in 0..rng.below(6) {
            let mut record = Vec::new();
            for _ in 0..1 + rng.below(5) {
                let mut field = String::new();
                for _ in 0..rng.below(7) {
                    field.push(alphabet[rng.below(alphabet.len() as u64) as usize]);
                }
                record.push(field);
            }
            records.push(record);
        }
        let text = write(&records);
        assert_eq!(parse(&text).as_ref(), Ok(&records), "round trip failed (case {})", case);
    }
}
