// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
//! Runner for rust-csv-fields (uid 1000): built as an example of the graded crate, it answers the
//! driver's requests with the VALUES csvlite's functions return; it decides nothing.
//!
//! A string travels as `x` + its UTF-8 bytes in hex. Request lines:
//!   `parse TEXT...`   each TEXT a string; value: {"ok":[[field,...],...]} or {"err":"Variant","line":n}
//!   `write RECORDS...` each RECORDS `-` (no records) or records joined by `;`, a record its fields
//!                      joined by `,`; value: the written text as a JSON string
//! Answer: `@<n> ` + a JSON list with one value per argument; a panic gives {"panic":true}.
use csvlite::CsvError;
use std::fs::File;
use std::io::{BufRead, Write};
use std::os::unix::io::FromRawFd;
use std::panic::{catch_unwind, AssertUnwindSafe};

extern "C" {
    fn dup(fd: i32) -> i32;
    fn dup2(a: i32, b: i32) -> i32;
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unhex(token: &str) -> String {
    let hex = token.strip_prefix('x').unwrap_or(token).as_bytes();
    let bytes = hex.chunks(2).map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap()).collect();
    String::from_utf8(bytes).unwrap()
}

fn records(token: &str) -> Vec<Vec<String>> {
    if token == "-" {
        return Vec::new();
    }
    token.split(';').map(|r| r.split(',').map(unhex).collect()).collect()
}

#[allow(unreachable_patterns)]
fn parsed(result: Result<Vec<Vec<String>>, CsvError>) -> String {
    match result {
        Ok(records) => {
            let rows: Vec<String> = records
                .iter()
                .map(|r| format!("[{}]", r.iter().map(|f| json_str(f)).collect::<Vec<_>>().join(",")))
                .collect();
            format!("{{\"ok\":[{}]}}", rows.join(","))
        }
        Err(CsvError::UnexpectedQuote { line }) => format!("{{\"err\":\"UnexpectedQuote\",\"line\":{}}}", line),
        Err(CsvError::UnterminatedQuote { line }) => format!("{{\"err\":\"UnterminatedQuote\",\"line\":{}}}", line),
        Err(_) => "{\"err\":\"another variant\"}".to_string(),
    }
}

/// One value per argument; a panic in the crate's code is a value too.
fn each<F: Fn(&str) -> String>(args: &[&str], f: F) -> String {
    let values: Vec<String> = args
        .iter()
        .map(|a| catch_unwind(AssertUnwindSafe(|| f(a))).unwrap_or_else(|_| "{\"panic\":true}".to_string()))
        .collect();
    format!("[{}]", values.join(","))
}

fn main() {
    // The answer channel leaves fd 1 first: whatever the crate prints goes to stderr.
    let mut answers = unsafe {
        let fd = dup(1);
        dup2(2, 1);
        File::from_raw_fd(fd)
    };
    std::panic::set_hook(Box::new(|_| {}));
    answers.write_all(b"@0 ready\n").unwrap();
    let stdin = std::io::stdin();
    for (seq, line) in stdin.lock().lines().enumerate() {
        let line = line.unwrap();
        // "<nonce> <request>": the answer repeats the nonce (hbgrade's protocol).
        let (nonce, line) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        let words: Vec<&str> = line.split_whitespace().collect();
        let args = if words.is_empty() { &[][..] } else { &words[1..] };
        let reply = match words.first().copied() {
            Some("parse") => each(args, |a| parsed(csvlite::parse(&unhex(a)))),
            Some("write") => each(args, |a| json_str(&csvlite::write(&records(a)))),
            _ => "\"unknown request\"".to_string(),
        };
        answers.write_all(format!("@{} {} {}\n", seq + 1, nonce, reply).as_bytes()).unwrap();
    }
}
