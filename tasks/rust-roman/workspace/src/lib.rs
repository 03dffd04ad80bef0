// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
/// Converts 1..=3999 to a canonical Roman numeral.
pub fn to_roman(n: u32) -> Option<String> {
    todo!("to_roman({n})")
}

/// Parses a canonical upper-case Roman numeral.
pub fn from_roman(s: &str) -> Option<u32> {
    todo!("from_roman({s})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example() {
        assert_eq!(to_roman(1994).as_deref(), Some("MCMXCIV"));
    }
}
