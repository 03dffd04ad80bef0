// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
//! A small CSV reader and writer (see the task for the exact format).

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// A quote inside an unquoted field, or text after a closing quote.
    UnexpectedQuote { line: usize },
    /// The input ended inside a quoted field that was opened on `line`.
    UnterminatedQuote { line: usize },
}

/// Length of the record terminator at `i` (`\n` or `\r\n`), 0 if there is none.
fn terminator(cs: &[char], i: usize) -> usize {
    match cs.get(i) {
        Some('\n') => 1,
        Some('\r') if cs.get(i + 1) == Some(&'\n') => 2,
        _ => 0,
    }
}

/// Parses CSV text into records of fields.
///
/// A single pass over the characters (not the lines, not the bytes): quoted fields may contain
/// newlines, and multi-byte characters must never be split.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, CsvError> {
    let cs: Vec<char> = text.chars().collect();
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut line = 1;
    let mut i = 0;
    if cs.is_empty() {
        return Ok(records);
    }
    loop {
        let mut field = String::new();
        if cs.get(i) == Some(&'"') {
            let open_line = line;
            i += 1;
            loop {
                match cs.get(i) {
                    None => return Err(CsvError::UnterminatedQuote { line: open_line }),
                    Some('"') if cs.get(i + 1) == Some(&'"') => {
                        field.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        if c == '\n' {
                            line += 1;
                        }
                        field.push(c);
                        i += 1;
                    }
                }
            }
            if i < cs.len() && cs[i] != ',' && terminator(&cs, i) == 0 {
                return Err(CsvError::UnexpectedQuote { line });
            }
        } else {
            while i < cs.len() && cs[i] != ',' && terminator(&cs, i) == 0 {
                if cs[i] == '"' {
                    return Err(CsvError::UnexpectedQuote { line });
                }
                field.push(cs[i]);
                i += 1;
            }
        }
        record.push(field);
        if i >= cs.len() {
            records.push(record);
            return Ok(records);
        }
        if cs[i] == ',' {
            i += 1;
            continue;
        }
        i += terminator(&cs, i);
        line += 1;
        records.push(std::mem::take(&mut record));
        if i >= cs.len() {
            return Ok(records);
        }
    }
}

/// Writes records as CSV, each followed by `\n`.
pub fn write(records: &[Vec<String>]) -> String {
    let mut out = String::new();
    for record in records {
        let fields: Vec<String> = record
            .iter()
            .map(|f| {
                if f.contains(|c| c == ',' || c == '"' || c == '\r' || c == '\n') {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}
