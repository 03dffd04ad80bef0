// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
const TABLE: [(u32, &str); 13] = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
];

/// Converts 1..=3999 to a canonical Roman numeral.
pub fn to_roman(mut n: u32) -> Option<String> {
    if !(1..=3999).contains(&n) {
        return None;
    }
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    Some(out)
}

/// Parses a canonical upper-case Roman numeral.
pub fn from_roman(s: &str) -> Option<u32> {
    let mut rest = s;
    let mut total = 0;
    for (value, digits) in TABLE {
        while let Some(tail) = rest.strip_prefix(digits) {
            total += value;
            rest = tail;
        }
    }
    if !rest.is_empty() || total == 0 {
        return None;
    }
    (to_roman(total).as_deref() == Some(s)).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example() {
        assert_eq!(to_roman(1994).as_deref(), Some("MCMXCIV"));
    }
}
