//! The JSON input and output of a load plan (issue 4), and validation of the input into a
//! [`Problem`] the solvers work on. Sizes in millimetres, weights in kilograms as decimal
//! strings.

use std::collections::HashSet;
use std::str::FromStr;

use gendan_domain::ValidationErrors;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::container::container_type;
use crate::reefer::{self, CommodityAdvice};

/// The planner's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadPlanInput {
    pub container: ContainerSpec,
    pub cargo: Vec<CargoItem>,
    #[serde(default)]
    pub support: Support,
    #[serde(default = "default_time_limit")]
    pub time_limit_ms: u64,
    #[serde(default)]
    pub seed: u64,
}

fn default_time_limit() -> u64 {
    2000
}

/// A container: a standard type from the table, or custom dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContainerSpec {
    Type {
        #[serde(rename = "type")]
        code: String,
    },
    Custom {
        /// Inner length, width, height (signed so that a negative value is reported with its
        /// field rather than as a parse error).
        inner_mm: [i64; 3],
        door_mm: [i64; 2],
        payload_kg: String,
    },
}

/// One kind of carton.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CargoItem {
    pub id: String,
    /// Signed so that a negative size is reported as `cargo[i].size_mm`.
    pub size_mm: [i64; 3],
    pub gross_kg: String,
    /// How many are available; `None`: as many as fit.
    #[serde(default)]
    pub quantity: Option<u32>,
    /// Whether dimension i of `size_mm` may stand vertical.
    #[serde(default = "all_axes")]
    pub upright_axes: [bool; 3],
    /// The most weight a carton may carry on top of it.
    #[serde(default)]
    pub max_stack_kg: Option<String>,
    /// A key of the reefer commodity table (`apple`, or an HS subheading `080810`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity: Option<String>,
}

fn all_axes() -> [bool; 3] {
    [true, true, true]
}

/// `full`: every box rests fully on the floor or on boxes; `none`: no support constraint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    #[default]
    Full,
    None,
}

/// The planner's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadPlan {
    pub placed: Vec<PlacedCount>,
    /// Placed volume / usable container volume, 4 decimal places.
    pub volume_utilisation: Decimal,
    /// Placed weight / payload, 4 decimal places.
    pub weight_utilisation: Decimal,
    pub binding_limit: BindingLimit,
    pub upper_bound_count: u64,
    pub proven_optimal: bool,
    /// Every box in loading order.
    pub placements: Vec<Placement>,
    /// Loading steps from the front wall to the door.
    pub sequence: Vec<String>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedCount {
    pub id: String,
    pub count: u64,
}

/// A placed box: the corner nearest the front-left floor corner (x along the length from the
/// front wall towards the door, y across, z up) and its placed dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub id: String,
    pub x: u32,
    pub y: u32,
    pub z: u32,
    pub l: u32,
    pub w: u32,
    pub h: u32,
}

/// What stopped the load from holding more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BindingLimit {
    Volume,
    Weight,
    Count,
    Door,
}

/// A warning with a stable snake_case code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

impl Warning {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Warning {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// A validated container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// The table code, for a standard type.
    pub code: Option<String>,
    /// Length, width and usable height in mm.
    pub inner: [u32; 3],
    /// Door width and height in mm.
    pub door: [u32; 2],
    pub payload_kg: Decimal,
    pub reefer: bool,
}

/// A validated carton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub size: [u32; 3],
    pub gross_kg: Decimal,
    pub quantity: Option<u32>,
    pub upright_axes: [bool; 3],
    pub max_stack_kg: Option<Decimal>,
    pub commodity: Option<&'static CommodityAdvice>,
}

/// A validated input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub container: Container,
    pub items: Vec<Item>,
    pub support: Support,
    pub time_limit_ms: u64,
    pub seed: u64,
}

/// An orientation of a box: placed length (x), width (y), height (z), and which dimension of
/// `size_mm` stands vertical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Orientation {
    pub l: u32,
    pub w: u32,
    pub h: u32,
    pub vertical_axis: usize,
}

/// Every distinct orientation of `size` whose vertical dimension is allowed by `upright`.
pub fn orientations(size: [u32; 3], upright: [bool; 3]) -> Vec<Orientation> {
    let mut out: Vec<Orientation> = Vec::new();
    for v in 0..3 {
        if !upright[v] {
            continue;
        }
        let (i, j) = match v {
            0 => (1, 2),
            1 => (0, 2),
            _ => (0, 1),
        };
        for (a, b) in [(size[i], size[j]), (size[j], size[i])] {
            let o = Orientation {
                l: a,
                w: b,
                h: size[v],
                vertical_axis: v,
            };
            if !out.iter().any(|p| (p.l, p.w, p.h) == (o.l, o.w, o.h)) {
                out.push(o);
            }
        }
    }
    out
}

impl Orientation {
    pub fn fits_inside(&self, c: &Container) -> bool {
        self.l <= c.inner[0] && self.w <= c.inner[1] && self.h <= c.inner[2]
    }
    /// Carried in as placed: its width and height must pass the door opening.
    pub fn passes_door(&self, c: &Container) -> bool {
        self.w <= c.door[0] && self.h <= c.door[1]
    }
}

/// The most boxes one plan lists.
pub const MAX_BOXES: u64 = 200_000;

fn parse_decimal(errors: &mut ValidationErrors, field: &str, text: &str, positive: bool) -> Option<Decimal> {
    match Decimal::from_str(text.trim()) {
        Err(_) => {
            errors.push(
                field,
                "malformed_decimal",
                format!("{text:?} is not a decimal number"),
            );
            None
        }
        Ok(d) if d.is_sign_negative() && !d.is_zero() => {
            errors.push(field, "negative", "must not be negative");
            None
        }
        Ok(d) if positive && d.is_zero() => {
            errors.push(field, "not_positive", "must be greater than zero");
            None
        }
        Ok(d) => Some(d),
    }
}

fn dims<const N: usize>(errors: &mut ValidationErrors, field: &str, v: [i64; N]) -> Option<[u32; N]> {
    let mut out = [0u32; N];
    let mut ok = true;
    for (k, &x) in v.iter().enumerate() {
        if x < 0 {
            errors.push(format!("{field}[{k}]"), "negative_size", "must not be negative");
            ok = false;
        } else if x == 0 {
            errors.push(format!("{field}[{k}]"), "zero_size", "must be greater than zero");
            ok = false;
        } else if x > 100_000 {
            errors.push(format!("{field}[{k}]"), "too_large", "must be at most 100000 mm");
            ok = false;
        } else {
            out[k] = x as u32;
        }
    }
    ok.then_some(out)
}

impl LoadPlanInput {
    /// Check every field and return all errors found, each with its path and a stable code:
    /// `container.type` `unknown_container_type`; `zero_size`, `negative_size`, `too_large`;
    /// `malformed_decimal`, `negative`, `not_positive`; `cargo` `empty_cargo`;
    /// `cargo[i].id` `empty_id` / `duplicate_id`; `cargo[i].upright_axes` `no_upright_axis`;
    /// `cargo[i].size_mm` `does_not_fit` (in no allowed orientation) and `does_not_pass_door`
    /// (fits inside, but passes the door in no allowed orientation that fits);
    /// `cargo[i].commodity` `unknown_commodity`; `cargo[i].size_mm` `too_many_boxes` (more than
    /// [`MAX_BOXES`] would fit by volume).
    pub fn validate(&self) -> Result<Problem, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let container = match &self.container {
            ContainerSpec::Type { code } => match container_type(code) {
                Some(t) => Some(Container {
                    code: Some(t.code.clone()),
                    inner: [
                        t.inner_mm[0],
                        t.inner_mm[1],
                        t.usable_height_mm.min(t.inner_mm[2]),
                    ],
                    door: t.door_mm,
                    payload_kg: t.max_payload_kg,
                    reefer: t.reefer,
                }),
                None => {
                    errors.push(
                        "container.type",
                        "unknown_container_type",
                        format!("unknown container type {code:?}"),
                    );
                    None
                }
            },
            ContainerSpec::Custom {
                inner_mm,
                door_mm,
                payload_kg,
            } => {
                let inner = dims(&mut errors, "container.inner_mm", *inner_mm);
                let door = dims(&mut errors, "container.door_mm", *door_mm);
                let payload = parse_decimal(&mut errors, "container.payload_kg", payload_kg, true);
                match (inner, door, payload) {
                    (Some(inner), Some(door), Some(payload_kg)) => Some(Container {
                        code: None,
                        inner,
                        door,
                        payload_kg,
                        reefer: false,
                    }),
                    _ => None,
                }
            }
        };
        if self.cargo.is_empty() {
            errors.push("cargo", "empty_cargo", "at least one cargo item is needed");
        }
        let mut ids = HashSet::new();
        let mut items = Vec::new();
        for (i, c) in self.cargo.iter().enumerate() {
            let p = format!("cargo[{i}]");
            if c.id.trim().is_empty() {
                errors.push(format!("{p}.id"), "empty_id", "an id is needed");
            } else if !ids.insert(c.id.as_str()) {
                errors.push(
                    format!("{p}.id"),
                    "duplicate_id",
                    format!("id {:?} is used twice", c.id),
                );
            }
            let size = dims(&mut errors, &format!("{p}.size_mm"), c.size_mm);
            let gross = parse_decimal(&mut errors, &format!("{p}.gross_kg"), &c.gross_kg, true);
            let max_stack = match &c.max_stack_kg {
                Some(t) => parse_decimal(&mut errors, &format!("{p}.max_stack_kg"), t, false).map(Some),
                None => Some(None),
            };
            if !c.upright_axes.iter().any(|&b| b) {
                errors.push(
                    format!("{p}.upright_axes"),
                    "no_upright_axis",
                    "at least one dimension must be allowed to stand vertical",
                );
            }
            let commodity = match &c.commodity {
                Some(k) => match reefer::commodity(k) {
                    Some(a) => Some(Some(a)),
                    None => {
                        errors.push(
                            format!("{p}.commodity"),
                            "unknown_commodity",
                            format!("unknown commodity {k:?}"),
                        );
                        None
                    }
                },
                None => Some(None),
            };
            if let (Some(size), Some(cont)) = (size, &container)
                && c.upright_axes.iter().any(|&b| b)
            {
                let os = orientations(size, c.upright_axes);
                let fitting: Vec<_> = os.iter().filter(|o| o.fits_inside(cont)).collect();
                if fitting.is_empty() {
                    errors.push(
                        format!("{p}.size_mm"),
                        "does_not_fit",
                        "the box is larger than the container in every allowed orientation",
                    );
                } else if !fitting.iter().any(|o| o.passes_door(cont)) {
                    errors.push(
                        format!("{p}.size_mm"),
                        "does_not_pass_door",
                        "the box does not pass the door in any allowed orientation",
                    );
                }
            }
            if let (Some(size), Some(cont)) = (size, &container) {
                let vol = |d: [u32; 3]| d.iter().map(|&v| v as u128).product::<u128>();
                if vol(cont.inner) / vol(size) > MAX_BOXES as u128 {
                    errors.push(
                        format!("{p}.size_mm"),
                        "too_many_boxes",
                        format!(
                            "more than {MAX_BOXES} boxes of this size fit the container; plan larger units"
                        ),
                    );
                }
            }
            if let (Some(size), Some(gross_kg), Some(max_stack_kg), Some(commodity)) =
                (size, gross, max_stack, commodity)
            {
                items.push(Item {
                    id: c.id.clone(),
                    size,
                    gross_kg,
                    quantity: c.quantity,
                    upright_axes: c.upright_axes,
                    max_stack_kg,
                    commodity,
                });
            }
        }
        errors.into_result()?;
        Ok(Problem {
            container: container.expect("no errors, so the container is valid"),
            items,
            support: self.support,
            time_limit_ms: self.time_limit_ms,
            seed: self.seed,
        })
    }
}
