// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
//! A small CSV reader and writer (see the task for the exact format).

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// A quote inside an unquoted field, or text after a closing quote.
    UnexpectedQuote { line: usize },
    /// The input ended inside a quoted field that was opened on `line`.
    UnterminatedQuote { line: usize },
}

/// Parses CSV text into records of fields.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, CsvError> {
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate() {
        records.push(parse_line(line, n + 1)?);
    }
    Ok(records)
}

fn parse_line(line: &str, line_no: usize) -> Result<Vec<String>, CsvError> {
    let bytes = line.as_bytes();
    let mut fields = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            let mut field = String::new();
            let mut j = i + 1;
            loop {
                if j >= bytes.len() {
                    return Err(CsvError::UnterminatedQuote { line: line_no });
                }
                if bytes[j] == b'"' {
                    break;
                }
                field.push(bytes[j] as char);
                j += 1;
            }
            fields.push(field);
            i = j + 2; // skip the closing quote and the comma
        } else {
            let end = line[i..].find(',').map(|p| i + p).unwrap_or(line.len());
            fields.push(line[i..end].to_string());
            i = end + 1;
        }
    }
    Ok(fields)
}

/// Writes records as CSV, one line per record.
pub fn write(records: &[Vec<String>]) -> String {
    let mut out = String::new();
    for record in records {
        let fields: Vec<String> = record
            .iter()
            .map(|f| {
                if f.contains(',') || f.contains('"') {
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
