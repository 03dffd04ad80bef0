// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
// Hidden grader tests, copied into the crate's tests/ at grading time.
use roman::{from_roman, to_roman};

#[test]
fn known_values() {
    for (n, s) in [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (90, "XC"),
                   (400, "CD"), (944, "CMXLIV"), (2024, "MMXXIV"), (3999, "MMMCMXCIX")] {
        assert_eq!(to_roman(n).as_deref(), Some(s), "to_roman({n})");
        assert_eq!(from_roman(s), Some(n), "from_roman({s})");
    }
}

#[test]
fn out_of_range() {
    assert_eq!(to_roman(0), None);
    assert_eq!(to_roman(4000), None);
}

#[test]
fn round_trip_all() {
    for n in 1..=3999 {
        let s = to_roman(n).expect("in range");
        assert_eq!(from_roman(&s), Some(n));
    }
}

#[test]
fn rejects_non_canonical() {
    for s in ["", "IIII", "IC", "IL", "VX", "MMMM", "XXXX", "VV", "iv", "IIV", "MCMC", "ABC"] {
        assert_eq!(from_roman(s), None, "from_roman({s:?}) should be None");
    }
}
