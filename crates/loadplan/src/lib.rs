//! Container load planner (装箱计算), issue 4: the pure core.
//!
//! [`solve`] validates a [`LoadPlanInput`] and plans it. One product is solved exactly as
//! the issue asks (floor patterns × layers, every allowed orientation, weight, quantity and
//! stacking limits, an upper bound and whether the count is proven optimal); several
//! products give [`SolveError::MixedCargoUnsupported`] until the mixed-cargo solver exists.
//! No I/O: the container and reefer tables are embedded.

pub mod container;
pub mod floor;
pub mod model;
pub mod reefer;
pub mod single;

pub use container::{ContainerType, container_type, container_types};
pub use gendan_domain::{FieldError, ValidationErrors};
pub use model::{
    BindingLimit, CargoItem, Container, ContainerSpec, Item, LoadPlan, LoadPlanInput, PlacedCount, Placement,
    Problem, Support, Warning,
};

/// Why no plan was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolveError {
    /// The input has field errors (each with its path and code).
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// More than one cargo type: the mixed-cargo solver is not written yet.
    #[error("mixed cargo ({items} cargo types) is not supported yet")]
    MixedCargoUnsupported { items: usize },
}

impl SolveError {
    /// A stable snake_case code for the API and CLI.
    pub fn code(&self) -> &'static str {
        match self {
            SolveError::Invalid(_) => "validation_failed",
            SolveError::MixedCargoUnsupported { .. } => "mixed_cargo_unsupported",
        }
    }
}

/// Validate and plan.
pub fn solve(input: &LoadPlanInput) -> Result<LoadPlan, SolveError> {
    let problem = input.validate()?;
    solve_problem(&problem)
}

/// Plan a validated problem.
pub fn solve_problem(problem: &Problem) -> Result<LoadPlan, SolveError> {
    match problem.items.as_slice() {
        [item] => Ok(single::solve_single(problem, item)),
        items => Err(SolveError::MixedCargoUnsupported { items: items.len() }),
    }
}

/// Parse the JSON input (a convenience for the CLI and API; serde errors are returned as is).
pub fn parse_input(json: &str) -> Result<LoadPlanInput, serde_json::Error> {
    serde_json::from_str(json)
}
