//! Container load planner (装箱计算), issue 4: the pure core.
//!
//! [`solve`] validates a [`LoadPlanInput`] and plans it. One product is solved exactly as
//! the issue asks (floor patterns × layers, every allowed orientation, weight, quantity and
//! stacking limits, an upper bound and whether the count is proven optimal); several
//! products by block building with a beam search within the time limit ([`mixed`]).
//! No I/O: the container and reefer tables are embedded.

pub mod br;
pub mod check;
pub mod container;
pub mod floor;
pub mod mixed;
pub mod model;
pub mod reefer;
pub mod single;
pub mod svg;

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
}

impl SolveError {
    /// A stable snake_case code for the API and CLI.
    pub fn code(&self) -> &'static str {
        match self {
            SolveError::Invalid(_) => "validation_failed",
        }
    }
}

/// Validate and plan.
pub fn solve(input: &LoadPlanInput) -> Result<LoadPlan, SolveError> {
    let problem = input.validate()?;
    solve_problem(&problem)
}

/// Plan a validated problem within its time limit.
pub fn solve_problem(problem: &Problem) -> Result<LoadPlan, SolveError> {
    solve_problem_with(
        problem,
        mixed::Effort::wall(std::time::Duration::from_millis(problem.time_limit_ms)),
    )
}

/// Plan a validated problem: one cargo type exactly ([`single`]), several by the block
/// building search ([`mixed`]) within `effort`.
pub fn solve_problem_with(problem: &Problem, effort: mixed::Effort) -> Result<LoadPlan, SolveError> {
    match problem.items.as_slice() {
        [item] => Ok(single::solve_single(problem, item)),
        _ => Ok(mixed::solve_mixed(problem, effort)),
    }
}

/// Parse the JSON input (a convenience for the CLI and API; serde errors are returned as is).
pub fn parse_input(json: &str) -> Result<LoadPlanInput, serde_json::Error> {
    serde_json::from_str(json)
}
