//! The load-plan page (装箱计算): a container type, support, and cargo rows — a product's
//! package from the product records or a carton typed in — planned by
//! [`gendan_loadplan::solve`]; the answer shows the counts, utilisation, the binding limit,
//! the bound and whether the count is proven optimal, warnings and reefer advice, the
//! loading sequence and the load drawn isometrically, step by step. The form's fields are
//! named by the input's paths (`cargo[1].size_mm[0]`), so the planner's field errors land
//! next to the row the user filled.

use super::forms::FormState;
use super::{Chrome, render_status};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::i18n::I18n;
use crate::trade::{self, ProductView};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gendan_domain::{FieldError, ValidationErrors};
use gendan_loadplan::reefer::{self, CommodityAdvice};
use gendan_loadplan::{BindingLimit, CargoItem, ContainerSpec, LoadPlan, LoadPlanInput, Support};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

type Pairs = Vec<(String, String)>;

/// How long the planner may search (mixed cargo uses all of it).
const TIME_LIMIT_MS: u64 = 2000;
/// Plans with more boxes than this are not drawn on the page (the SVG would be too large).
const MAX_DRAWN: usize = 20_000;
/// The products offered in the package choice.
const MAX_PRODUCTS: u32 = 500;
/// The container type chosen on a fresh form.
const DEFAULT_CONTAINER: &str = "40RH";

/// The translated name of a binding limit.
pub fn limit_text(i: &I18n, l: BindingLimit) -> String {
    match l {
        BindingLimit::Volume => i.t("loadplan-limit-volume"),
        BindingLimit::Weight => i.t("loadplan-limit-weight"),
        BindingLimit::Count => i.t("loadplan-limit-count"),
        BindingLimit::Door => i.t("loadplan-limit-door"),
    }
}

/// A product package offered in a row's choice: `product-id/package-index` and its label.
pub struct PackageOption {
    pub value: String,
    pub label: String,
}

/// A commodity of the reefer table offered for typed cartons.
pub struct CommodityOption {
    pub key: String,
    pub label: String,
}

/// One line of reefer advice.
pub struct ReeferRow {
    pub commodity: String,
    pub set_point: String,
    pub range: String,
    pub fresh_air: String,
    pub humidity: String,
    pub dehumidify: String,
}

/// The plan as the page shows it.
pub struct PlanView {
    pub container: String,
    /// Cargo id, count placed, quantity asked for.
    pub counts: Vec<(String, u64, String)>,
    pub total: u64,
    pub volume: String,
    pub weight: String,
    pub limit: String,
    pub upper_bound: u64,
    pub proven_optimal: bool,
    /// The warning code, its translated title and the planner's detail.
    pub warnings: Vec<(String, String, String)>,
    pub reefer: Vec<ReeferRow>,
    pub sequence: Vec<String>,
    pub steps: u32,
    /// The isometric view and the view from above (empty when not drawn).
    pub svg: String,
    pub floor: String,
    /// Why there is no drawing (too many boxes), else empty.
    pub not_drawn: String,
    pub sequence_title: String,
}

#[derive(Template)]
#[template(path = "loadplan.html")]
struct LoadPlanPage {
    c: Chrome,
    form: FormState,
    containers: Vec<(String, String)>,
    packages: Vec<PackageOption>,
    commodities: Vec<CommodityOption>,
    plan: Option<PlanView>,
}

impl LoadPlanPage {
    fn k(&self, n: &usize, field: &str) -> String {
        format!("cargo[{n}].{field}")
    }

    /// Errors on what a chosen product package supplies (its size, weight, stacking and
    /// orientation), shown next to the package choice since those fields are not typed.
    fn package_errors(&self, n: &usize) -> String {
        if self.form.v(&self.k(n, "package")).is_empty() {
            return String::new();
        }
        self.form
            .errs_under(&format!("cargo[{n}]."))
            .into_iter()
            .filter(|(f, _)| {
                let field = &f[format!("cargo[{n}].").len()..];
                ["size_mm", "gross_kg", "max_stack_kg", "upright_axes"]
                    .iter()
                    .any(|p| field.starts_with(p))
            })
            .map(|(_, m)| m)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn containers(i: &I18n) -> Vec<(String, String)> {
    gendan_loadplan::container_types()
        .iter()
        .map(|t| {
            let label = format!(
                "{} · {} · {} × {} × {} mm · {} kg",
                t.code,
                i.try_t(&format!("container-{}", t.code))
                    .unwrap_or_else(|| t.description.clone()),
                t.inner_mm[0],
                t.inner_mm[1],
                t.usable_height_mm.min(t.inner_mm[2]),
                t.max_payload_kg
            );
            (t.code.clone(), label)
        })
        .collect()
}

fn commodity_name(i: &I18n, c: &CommodityAdvice) -> String {
    if i.code == "en" || c.name_zh.is_empty() {
        c.commodity.replace('_', " ")
    } else {
        c.name_zh.clone()
    }
}

fn commodities(i: &I18n) -> Vec<CommodityOption> {
    reefer::commodities()
        .iter()
        .map(|c| CommodityOption {
            key: c.commodity.clone(),
            label: format!("{} ({})", commodity_name(i, c), c.hs6),
        })
        .collect()
}

fn package_options(i: &I18n, products: &[ProductView]) -> Vec<PackageOption> {
    let mut out = Vec::new();
    for p in products {
        let d = &p.product;
        let name = match (&d.name_zh, i.code) {
            (Some(zh), "zh-CN") if !zh.is_empty() => zh.clone(),
            _ => d.name_en.clone(),
        };
        for (k, pk) in d.packages.iter().enumerate() {
            out.push(PackageOption {
                value: format!("{}/{k}", p.id),
                label: format!(
                    "{} · {} · {} ({} × {} × {} mm, {} kg)",
                    d.sku,
                    name,
                    pk.name,
                    pk.dimensions.length,
                    pk.dimensions.width,
                    pk.dimensions.height,
                    pk.gross.0
                ),
            });
        }
    }
    out
}

async fn products(st: &AppState) -> Vec<ProductView> {
    trade::list_products(st, None, MAX_PRODUCTS, 0)
        .await
        .unwrap_or_default()
}

async fn page(
    me: &CurrentUser,
    form: FormState,
    plan: Option<PlanView>,
    products: &[ProductView],
    status: StatusCode,
) -> Response {
    let c = Chrome::for_user(me, "/loadplans", "loadplan-title");
    let page = LoadPlanPage {
        containers: containers(&c.i),
        packages: package_options(&c.i, products),
        commodities: commodities(&c.i),
        c,
        form,
        plan,
    };
    render_status(status, &page)
}

#[derive(Debug, Default, Deserialize)]
pub struct LoadPlanQuery {
    /// Start with this product's package in the first row.
    #[serde(default)]
    pub product: Option<Uuid>,
    #[serde(default)]
    pub package: Option<usize>,
}

/// GET: the form (with a product's package in the first row when asked).
pub async fn show(State(st): State<AppState>, me: CurrentUser, Query(q): Query<LoadPlanQuery>) -> Response {
    let mut form = FormState::default();
    form.values
        .insert("container.type".into(), DEFAULT_CONTAINER.into());
    form.values.insert("support".into(), "full".into());
    let products = products(&st).await;
    if let Some(id) = q.product {
        let k = q.package.unwrap_or(0);
        if products
            .iter()
            .any(|p| p.id == id && p.product.packages.len() > k)
        {
            form.values.insert("cargo[0].package".into(), format!("{id}/{k}"));
        }
    }
    page(&me, form, None, &products, StatusCode::OK).await
}

/// A row's package choice: the product and the package's index.
fn package_ref(v: &str) -> Option<(Uuid, usize)> {
    let (id, k) = v.split_once('/')?;
    Some((Uuid::parse_str(id).ok()?, k.parse().ok()?))
}

/// The planner's input from the form, and the errors found reading it (each on the path
/// the planner would use: the n-th row the user filled is `cargo[n]`), and the paths whose
/// planner errors are to be dropped: fields read with an error get a harmless placeholder.
fn input_from(form: &FormState, products: &[ProductView]) -> (LoadPlanInput, ValidationErrors, Vec<String>) {
    let mut errs = ValidationErrors::new();
    let mut own: Vec<String> = Vec::new();
    let mut cargo = Vec::new();
    for (k, n) in form.kept_rows("cargo").into_iter().enumerate() {
        let f = |name: &str| form.v(&format!("cargo[{n}].{name}")).trim().to_string();
        let path = |name: &str| format!("cargo[{k}].{name}");
        let quantity = match f("quantity") {
            q if q.is_empty() => None,
            q => match q.parse::<u32>() {
                Ok(v) => Some(v),
                Err(_) => {
                    errs.push(
                        path("quantity"),
                        "invalid_number",
                        format!("{q:?} is not a whole number"),
                    );
                    None
                }
            },
        };
        let typed_commodity = Some(f("commodity")).filter(|c| !c.is_empty());
        let package = f("package");
        let mut item = if package.is_empty() {
            let mut size = [0i64; 3];
            for (j, s) in size.iter_mut().enumerate() {
                let text = f(&format!("size_mm[{j}]"));
                *s = if text.is_empty() {
                    0
                } else {
                    match text.parse::<i64>() {
                        Ok(v) => v,
                        Err(_) => {
                            let p = path(&format!("size_mm[{j}]"));
                            errs.push(
                                &p,
                                "invalid_number",
                                format!("{text:?} is not a whole number of mm"),
                            );
                            own.push(p);
                            own.push(path("size_mm"));
                            1
                        }
                    }
                };
            }
            let mut gross = f("gross_kg");
            if gross.is_empty() {
                errs.push(path("gross_kg"), "required", "the gross weight is needed");
                own.push(path("gross_kg"));
                gross = "1".into();
            }
            CargoItem {
                id: f("id"),
                size_mm: size,
                gross_kg: gross,
                quantity: None,
                upright_axes: if form.checked(&format!("cargo[{n}].this_side_up")) {
                    [false, false, true]
                } else {
                    [true, true, true]
                },
                max_stack_kg: Some(f("max_stack_kg")).filter(|m| !m.is_empty()),
                commodity: None,
            }
        } else {
            let found = package_ref(&package).and_then(|(id, pk)| {
                let p = products.iter().find(|p| p.id == id)?;
                Some((p, p.product.packages.get(pk)?))
            });
            match found {
                Some((p, pk)) => {
                    let default_id = if p.product.packages.len() > 1 {
                        format!("{} {}", p.product.sku, pk.name)
                    } else {
                        p.product.sku.clone()
                    };
                    let id = Some(f("id")).filter(|i| !i.is_empty()).unwrap_or(default_id);
                    let mut item = trade::package_cargo(id, pk);
                    item.commodity = trade::reefer_commodity(&p.product).map(|c| c.commodity.clone());
                    item
                }
                None => {
                    errs.push(
                        path("package"),
                        "not_found",
                        "this product package no longer exists",
                    );
                    own.push(path("size_mm"));
                    CargoItem {
                        id: Some(f("id")).filter(|i| !i.is_empty()).unwrap_or(package),
                        size_mm: [1, 1, 1],
                        gross_kg: "1".into(),
                        quantity: None,
                        upright_axes: [true, true, true],
                        max_stack_kg: None,
                        commodity: None,
                    }
                }
            }
        };
        item.quantity = quantity;
        if typed_commodity.is_some() {
            item.commodity = typed_commodity;
        }
        cargo.push(item);
    }
    let input = LoadPlanInput {
        container: ContainerSpec::Type {
            code: form.v("container.type").trim().to_string(),
        },
        cargo,
        support: if form.v("support") == "none" {
            Support::None
        } else {
            Support::Full
        },
        time_limit_ms: TIME_LIMIT_MS,
        seed: 1,
    };
    (input, errs, own)
}

fn percent(d: Decimal) -> String {
    let mut p = (d * Decimal::from(100)).round_dp(1);
    p.rescale(1);
    format!("{p} %")
}

fn range(a: Decimal, b: Decimal) -> String {
    format!("{} … {}", a.normalize(), b.normalize())
}

fn plan_view(i: &I18n, input: &LoadPlanInput, plan: &LoadPlan, inner: [u32; 3]) -> PlanView {
    let counts: Vec<(String, u64, String)> = plan
        .placed
        .iter()
        .map(|p| {
            let asked = input
                .cargo
                .iter()
                .find(|c| c.id == p.id)
                .and_then(|c| c.quantity)
                .map(|q| q.to_string())
                .unwrap_or_else(|| i.t("loadplan-as-many"));
            (p.id.clone(), p.count, asked)
        })
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    let mut reefer_rows = Vec::new();
    for c in &input.cargo {
        let Some(a) = c.commodity.as_deref().and_then(reefer::commodity) else {
            continue;
        };
        if seen.contains(&a.commodity.as_str()) {
            continue;
        }
        seen.push(&a.commodity);
        reefer_rows.push(ReeferRow {
            commodity: commodity_name(i, a),
            set_point: a.set_point_c.normalize().to_string(),
            range: range(a.range_c.0, a.range_c.1),
            fresh_air: range(a.fresh_air_m3h.0, a.fresh_air_m3h.1),
            humidity: range(a.humidity_pct.0, a.humidity_pct.1),
            dehumidify: i.t(if a.dehumidify {
                "loadplan-on"
            } else {
                "loadplan-off"
            }),
        });
    }
    let drawn = plan.placements.len() <= MAX_DRAWN;
    let opts = gendan_loadplan::svg::SvgOptions {
        front_label: i.t("loadplan-front"),
        door_label: i.t("loadplan-door"),
        id: Some("loadplan-isometric".into()),
        ..Default::default()
    };
    let (svg, floor) = if drawn {
        (
            gendan_loadplan::svg::isometric(plan, inner, &opts),
            gendan_loadplan::svg::floor_plan(
                plan,
                inner,
                &gendan_loadplan::svg::SvgOptions {
                    id: Some("loadplan-floor".into()),
                    legend: false,
                    ..opts.clone()
                },
            ),
        )
    } else {
        Default::default()
    };
    let container = match &input.container {
        ContainerSpec::Type { code } => code.clone(),
        ContainerSpec::Custom { inner_mm, .. } => {
            format!("{} × {} × {} mm", inner_mm[0], inner_mm[1], inner_mm[2])
        }
    };
    PlanView {
        container,
        total: plan.placed.iter().map(|p| p.count).sum(),
        counts,
        volume: percent(plan.volume_utilisation),
        weight: percent(plan.weight_utilisation),
        limit: limit_text(i, plan.binding_limit),
        upper_bound: plan.upper_bound_count,
        proven_optimal: plan.proven_optimal,
        warnings: plan
            .warnings
            .iter()
            .map(|w| {
                (
                    w.code.clone(),
                    i.try_t(&format!("loadplan-warning-{}", w.code))
                        .unwrap_or_else(|| w.code.replace('_', " ")),
                    w.message.clone(),
                )
            })
            .collect(),
        reefer: reefer_rows,
        sequence: plan.sequence.clone(),
        steps: gendan_loadplan::svg::step_count(&plan.placements),
        svg,
        floor,
        not_drawn: if drawn {
            String::new()
        } else {
            i.t_args(
                "loadplan-too-many-to-draw",
                &[("count", plan.placements.len().to_string())],
            )
        },
        sequence_title: i.t_args("loadplan-sequence", &[("count", plan.sequence.len().to_string())]),
    }
}

/// POST: plan what the form describes; the form again with its errors when it is not
/// plannable, else the plan above the form (with what was typed).
pub async fn submit(State(st): State<AppState>, me: CurrentUser, Form(pairs): Form<Pairs>) -> Response {
    let i = I18n::new(&me.user.locale);
    let mut form = FormState::from_pairs(&pairs);
    let products = products(&st).await;
    let (input, mut errs, own) = input_from(&form, &products);
    let checked = {
        let input = input.clone();
        tokio::task::spawn_blocking(move || {
            let inner = input.validate().map(|p| p.container.inner);
            match inner {
                Ok(inner) => gendan_loadplan::solve(&input)
                    .map(|plan| (plan, inner))
                    .map_err(|e| match e {
                        gendan_loadplan::SolveError::Invalid(v) => v,
                    }),
                Err(v) => Err(v),
            }
        })
        .await
    };
    let outcome = match checked {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "load planner failed");
            form.message = i.t("error-internal_error");
            return page(&me, form, None, &products, StatusCode::INTERNAL_SERVER_ERROR).await;
        }
    };
    let planned = match outcome {
        Ok(r) => Some(r),
        Err(v) => {
            errs.0
                .extend(v.0.into_iter().filter(|e: &FieldError| !own.contains(&e.field)));
            None
        }
    };
    let (plan, inner) = match planned {
        Some(r) if errs.0.is_empty() => r,
        _ => {
            form = form.with_errors(&errs, &i);
            form.message = i.t("error-validation_failed");
            return page(&me, form, None, &products, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let view = {
        let i = i.clone();
        tokio::task::spawn_blocking(move || plan_view(&i, &input, &plan, inner)).await
    };
    match view {
        Ok(v) => page(&me, form, Some(v), &products, StatusCode::OK).await,
        Err(e) => {
            tracing::error!(error = %e, "load plan view failed");
            form.message = i.t("error-internal_error");
            page(&me, form, None, &products, StatusCode::INTERNAL_SERVER_ERROR).await
        }
    }
}
