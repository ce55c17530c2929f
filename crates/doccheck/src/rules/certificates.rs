use crate::Rule;

pub(crate) static RULES: &[&Rule] = &[];
