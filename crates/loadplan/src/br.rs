//! The Bischoff & Ratcliff container-loading benchmark instances (BR0–BR15; format in
//! ../shared/data/benchmarks/br/FORMAT.md): a parser and their conversion into problems.
//! Box sizes are in centimetres and carry no weights; the solver works in any unit, so the
//! centimetres are used as they are, the door is the full cross-section and the payload is
//! unlimited.

use rust_decimal::Decimal;

use crate::model::{Container, Item, Problem, Support};

/// One instance of a benchmark file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrInstance {
    pub number: u32,
    pub seed: u64,
    pub container: [u32; 3],
    /// (length, width, height, upright flags for each, count).
    pub boxes: Vec<([u32; 3], [bool; 3], u32)>,
}

/// Read a benchmark file: a count of problems, then per problem its number and seed, the
/// container, the number of box types and one line per type.
pub fn parse_br(text: &str) -> Result<Vec<BrInstance>, String> {
    let mut tokens = text.split_whitespace().enumerate();
    let mut next = |what: &str| -> Result<u64, String> {
        let (i, t) = tokens
            .next()
            .ok_or_else(|| format!("file ends where {what} was expected"))?;
        t.parse::<u64>()
            .map_err(|_| format!("token {} ({t:?}): {what} must be a whole number", i + 1))
    };
    let problems = next("the number of problems")?;
    let mut out = Vec::new();
    for _ in 0..problems {
        let number = next("the problem number")? as u32;
        let seed = next("the seed")?;
        let container = [next("L")? as u32, next("W")? as u32, next("H")? as u32];
        let n = next("the number of box types")?;
        let mut boxes = Vec::new();
        for _ in 0..n {
            let _id = next("the type id")?;
            let (l, fl) = (next("length")?, next("length flag")?);
            let (w, fw) = (next("width")?, next("width flag")?);
            let (h, fh) = (next("height")?, next("height flag")?);
            let c = next("count")?;
            boxes.push((
                [l as u32, w as u32, h as u32],
                [fl == 1, fw == 1, fh == 1],
                c as u32,
            ));
        }
        out.push(BrInstance {
            number,
            seed,
            container,
            boxes,
        });
    }
    Ok(out)
}

impl BrInstance {
    /// The instance as a problem: no weights, no door, unlimited payload.
    pub fn problem(&self, support: Support, time_limit_ms: u64) -> Problem {
        Problem {
            container: Container {
                code: None,
                inner: self.container,
                door: [self.container[1], self.container[2]],
                payload_kg: Decimal::from(1_000_000_000u64),
                reefer: false,
            },
            items: self
                .boxes
                .iter()
                .enumerate()
                .map(|(i, (size, upright, count))| Item {
                    id: format!("{}", i + 1),
                    size: *size,
                    gross_kg: Decimal::ZERO,
                    quantity: Some(*count),
                    upright_axes: *upright,
                    max_stack_kg: None,
                    commodity: None,
                })
                .collect(),
            support,
            time_limit_ms,
            seed: 0,
        }
    }

    /// The volume of all boxes of the instance.
    pub fn box_volume(&self) -> u64 {
        self.boxes
            .iter()
            .map(|(s, _, c)| s.iter().map(|&d| d as u64).product::<u64>() * *c as u64)
            .sum()
    }
}
