//! The load-plan page (issue 4) through real HTTP: pick a product's package or type a
//! carton, plan it, see the counts, the figures and the drawing; errors land on the row the
//! user filled; both languages. Forms are read from the rendered page and posted back the
//! way a browser sends them. The real server on a random port over a fresh database.

mod common;

use common::html::*;
use common::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};

/// A Fuji apple product with one 18 kg carton (this side up, 400 kg on top at most).
async fn fuji_product(app: &TestApp) -> String {
    let t = app.token(Role::Merchandiser).await;
    let r = app
        .post(&t, "/api/v1/products")
        .json(&json!({
            "sku": "FUJI-18", "name_en": "Fresh Fuji apples", "name_zh": "富士苹果",
            "hs_code": "080810", "origin": "CN",
            "packages": [{"name": "18 kg carton", "kind": "carton", "net_kg": "18",
                          "gross_kg": "19.2", "size_mm": [500, 300, 280], "this_side_up": true,
                          "max_stack_kg": "400"}]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The placed count the result table shows for a cargo id.
fn placed(body: &str, id: &str) -> Option<u64> {
    let row = &body[body.find(&format!("<tr data-cargo=\"{id}\">"))?..];
    let cell = &row[row.find("class=\"num placed\">")? + "class=\"num placed\">".len()..];
    cell[..cell.find('<')?].parse().ok()
}

/// The text of the element with this id (tags dropped).
fn text_of(body: &str, id: &str) -> String {
    let at = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let start = at + body[at..].find('>').unwrap() + 1;
    let end = start + body[start..].find("</dd>").unwrap_or(0);
    visible_text(&body[start..end]).trim().to_string()
}

/// The isometric drawing embedded in the page.
fn isometric(body: &str) -> &str {
    let start = body
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"loadplan-view isometric\"")
        .expect("the isometric view is embedded");
    &body[start..start + body[start..].find("</svg>").unwrap()]
}

#[tokio::test]
async fn a_product_package_is_planned_and_drawn_step_by_step() {
    let app = spawn_app().await;
    let product = fuji_product(&app).await;
    let (c, _) = app.web_session(Role::Viewer).await;

    // The navigation leads to the page; the product page links to it with its package.
    let home = html(&c, &app, "/").await;
    assert!(home.contains("href=\"/loadplans\""), "in the navigation");
    let product_page = html(&c, &app, &format!("/products/{product}")).await;
    assert!(product_page.contains(&format!("href=\"/loadplans?product={product}\"")));
    let blank = html(&c, &app, "/loadplans").await;
    let f = form_fields(&blank, "loadplan-form");
    assert_eq!(field(&f, "container.type"), "40RH");
    assert_eq!(
        field(&f, "cargo[0].package"),
        "",
        "a fresh form starts with typed rows"
    );
    assert_eq!(raw_keys(&blank), Vec::<String>::new());

    let start = html(&c, &app, &format!("/loadplans?product={product}")).await;
    let f = form_fields(&start, "loadplan-form");
    assert_eq!(field(&f, "cargo[0].package"), format!("{product}/0"));
    let (status, _, body) = post_form(&c, &app, "/loadplans", &f).await;
    assert_eq!(status, 200, "{body}");
    // 168 cartons a layer on a 40' reefer floor, 8 layers under the reefer's load line.
    assert_eq!(placed(&body, "FUJI-18"), Some(1344), "{body}");
    assert_eq!(text_of(&body, "binding-limit"), "Space");
    assert!(text_of(&body, "volume-utilisation").ends_with(" %"));
    assert!(text_of(&body, "weight-utilisation").ends_with(" %"));
    let bound: u64 = text_of(&body, "upper-bound").parse().unwrap();
    assert!(bound >= 1344);
    // Reefer advice for apples from the product's HS code.
    assert!(body.contains("data-code=\"reefer_setting\""), "{body}");
    assert!(body.contains("id=\"loadplan-reefer\"") && body.contains("<td>apple</td>"));

    // The drawing: one group per carton, the steps of the loading sequence, a slider to
    // reveal them that stays hidden without JavaScript.
    let svg = isometric(&body);
    assert_eq!(svg.matches("<g class=\"step\"").count(), 1344);
    assert_eq!(svg.matches("<polygon").count(), 3 * 1344);
    let sequence = &body[body.find("id=\"loadplan-sequence\"").unwrap()..];
    let steps = sequence[..sequence.find("</ol>").unwrap()]
        .matches("<li>")
        .count();
    assert!(steps > 10, "{steps} loading steps");
    assert!(svg.contains(&format!("data-step=\"{steps}\"")));
    assert!(!svg.contains(&format!("data-step=\"{}\"", steps + 1)));
    assert!(body.contains(&format!(
        "<input type=\"range\" id=\"step-range\" min=\"1\" max=\"{steps}\" value=\"{steps}\""
    )));
    assert!(
        body.contains("id=\"loadplan-steps\" hidden"),
        "shown by the script only"
    );
    assert!(svg.contains(">door</text>") && svg.contains(">front wall</text>"));
    assert!(
        svg.contains("<title>FUJI-18 · x 0 y 0 z 0 · "),
        "a title per carton"
    );
    assert!(
        body.contains("class=\"loadplan-view floor-plan\""),
        "and a view from above"
    );
    // Nothing typed is lost: the form comes back as it was sent.
    let again = form_fields(&body, "loadplan-form");
    assert_eq!(field(&again, "cargo[0].package"), format!("{product}/0"));
    assert_eq!(field(&again, "container.type"), "40RH");
    assert_eq!(raw_keys(&body), Vec::<String>::new());
}

#[tokio::test]
async fn typed_cartons_and_a_quantity_and_mixed_rows() {
    let app = spawn_app().await;
    let product = fuji_product(&app).await;
    let (c, _) = app.web_session(Role::Merchandiser).await;
    let mut f = form_fields(&html(&c, &app, "/loadplans").await, "loadplan-form");
    set(&mut f, "container.type", "20RF");
    set(&mut f, "cargo[0].id", "PEAR-13");
    set(&mut f, "cargo[0].size_mm[0]", "400");
    set(&mut f, "cargo[0].size_mm[1]", "300");
    set(&mut f, "cargo[0].size_mm[2]", "250");
    set(&mut f, "cargo[0].gross_kg", "13.5");
    set(&mut f, "cargo[0].this_side_up", "on");
    set(&mut f, "cargo[0].commodity", "pear");
    set(&mut f, "cargo[0].quantity", "100");
    let (status, _, body) = post_form(&c, &app, "/loadplans", &f).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(placed(&body, "PEAR-13"), Some(100));
    assert_eq!(
        text_of(&body, "binding-limit"),
        "Nothing: everything asked for fits"
    );
    assert_eq!(isometric(&body).matches("<g class=\"step\"").count(), 100);
    let again = form_fields(&body, "loadplan-form");
    for (k, v) in [
        ("cargo[0].id", "PEAR-13"),
        ("cargo[0].size_mm[2]", "250"),
        ("cargo[0].gross_kg", "13.5"),
        ("cargo[0].this_side_up", "on"),
        ("cargo[0].commodity", "pear"),
        ("cargo[0].quantity", "100"),
    ] {
        assert_eq!(field(&again, k), v, "{k} kept");
    }

    // Two rows: the product's package and the typed pears; whatever the planner answers is
    // shown, one line per cargo id.
    let mut f = again;
    set(&mut f, "cargo[1].package", &format!("{product}/0"));
    set(&mut f, "cargo[1].quantity", "50");
    let (status, _, body) = post_form(&c, &app, "/loadplans", &f).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        placed(&body, "PEAR-13").is_some() && placed(&body, "FUJI-18").is_some(),
        "{body}"
    );
    let total: u64 = placed(&body, "PEAR-13").unwrap() + placed(&body, "FUJI-18").unwrap();
    let svg = isometric(&body);
    assert_eq!(svg.matches("<g class=\"step\"").count() as u64, total);
    assert!(
        svg.contains(">PEAR-13 × ") && svg.contains(">FUJI-18 × "),
        "a legend"
    );
}

#[tokio::test]
async fn errors_land_on_the_row_the_user_filled() {
    let app = spawn_app().await;
    let (c, csrf) = app.web_session(Role::Viewer).await;
    let mut f = form_fields(&html(&c, &app, "/loadplans").await, "loadplan-form");
    // The first row is left blank; the second has a zero length and a bad weight; the
    // third is larger than the container.
    set(&mut f, "cargo[1].id", "BAD");
    set(&mut f, "cargo[1].size_mm[0]", "0");
    set(&mut f, "cargo[1].size_mm[1]", "300");
    set(&mut f, "cargo[1].size_mm[2]", "250");
    set(&mut f, "cargo[1].gross_kg", "13,5");
    set(&mut f, "cargo[2].id", "HUGE");
    set(&mut f, "cargo[2].size_mm[0]", "13000");
    set(&mut f, "cargo[2].size_mm[1]", "3000");
    set(&mut f, "cargo[2].size_mm[2]", "3000");
    set(&mut f, "cargo[2].gross_kg", "10");
    set(&mut f, "cargo[2].quantity", "lots");
    let (status, _, body) = post_form(&c, &app, "/loadplans", &f).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("id=\"form-error\""));
    let e = field_error(&body, "cargo[1].size_mm[0]").expect("next to the length of row 2");
    assert!(e.starts_with("Must be more than 0"), "{e}");
    let e = field_error(&body, "cargo[1].gross_kg").expect("next to the weight of row 2");
    assert!(e.starts_with("Not a decimal number"), "{e}");
    assert!(
        body.contains(
            "<small class=\"field-error\" data-field=\"cargo[2].size_mm\">Larger than the container"
        ),
        "under the size of row 3: {body}"
    );
    let e = field_error(&body, "cargo[2].quantity").expect("next to the quantity of row 3");
    assert!(e.starts_with("Not a number"), "{e}");
    assert!(
        field_error(&body, "cargo[0].size_mm[0]").is_none(),
        "not on the blank row"
    );
    assert!(!body.contains("id=\"loadplan-result\""), "no plan");
    // Everything typed is still there.
    let again = form_fields(&body, "loadplan-form");
    assert_eq!(field(&again, "cargo[1].gross_kg"), "13,5");
    assert_eq!(field(&again, "cargo[2].quantity"), "lots");
    assert_eq!(field(&again, "cargo[2].size_mm[0]"), "13000");
    // Nothing to load at all.
    let (status, _, body) = post_form(
        &c,
        &app,
        "/loadplans",
        &vec![
            ("_csrf".to_string(), csrf.clone()),
            ("container.type".into(), "40HC".into()),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("Nothing to load"), "{body}");
}

#[tokio::test]
async fn the_page_speaks_chinese() {
    let app = spawn_app().await;
    let product = fuji_product(&app).await;
    let (c, csrf) = app.web_session(Role::Viewer).await;
    switch_language(&c, &app, &csrf, "zh-CN").await;
    let start = html(&c, &app, &format!("/loadplans?product={product}")).await;
    assert!(start.contains("<html lang=\"zh-CN\">"));
    assert!(
        start.contains("<title>集装箱装箱计算 · Gendan 跟单</title>"),
        "{start}"
    );
    assert!(start.contains(">装箱计算</a>"), "navigation");
    assert!(
        start.contains("富士苹果"),
        "the product's Chinese name in the choice"
    );
    assert!(start.contains("40英尺高冷藏箱"));
    assert_eq!(raw_keys(&start), Vec::<String>::new());
    let f = form_fields(&start, "loadplan-form");
    let (status, _, body) = post_form(&c, &app, "/loadplans", &f).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(raw_keys(&body), Vec::<String>::new());
    for text in [
        "装箱方案",
        "容积利用率",
        "载重利用率",
        "限制因素",
        "已证明最优",
        "冷藏箱设定",
        "逐层显示",
        "俯视图",
        "<td>苹果</td>",
    ] {
        assert!(body.contains(text), "{text}");
    }
    assert_eq!(text_of(&body, "binding-limit"), "空间");
    let svg = isometric(&body);
    assert!(svg.contains(">箱门</text>") && svg.contains(">前壁</text>"));
    let mut f = form_fields(&body, "loadplan-form");
    set(&mut f, "cargo[1].id", "X");
    set(&mut f, "cargo[1].size_mm[0]", "-5");
    set(&mut f, "cargo[1].size_mm[1]", "300");
    set(&mut f, "cargo[1].size_mm[2]", "250");
    set(&mut f, "cargo[1].gross_kg", "10");
    let (status, _, body) = post_form(&c, &app, "/loadplans", &f).await;
    assert_eq!(status, 422);
    assert_eq!(raw_keys(&body), Vec::<String>::new());
    let e = field_error(&body, "cargo[1].size_mm[0]").unwrap();
    assert!(e.starts_with("不能为负数"), "{e}");
    assert!(body.contains("部分字段无效。"), "{body}");
}
