//! `gendan demo`: a demo database with one login per role and the Yantai exporter's parties.

use crate::demo_data;
use gendan_domain::audit::Actor;
use gendan_domain::clock::Clock;
use gendan_domain::role::Role;
use gendan_store::{NewUser, Store, WriteContext};
use std::sync::Arc;

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "gendan-demo";

/// The demo login of a role.
pub fn demo_email(role: Role) -> String {
    format!("{}@demo.gendan.example", role.as_str().replace('_', "."))
}

/// Fill an empty database with the demo; leave one that has users alone. The shipments are
/// made through the web use cases, which take the store shared.
/// Returns whether anything was created.
pub async fn ensure(shared: &Arc<dyn Store>, clock: &dyn Clock) -> anyhow::Result<bool> {
    let store: &dyn Store = shared.as_ref();
    if store.count_users().await? > 0 {
        return Ok(false);
    }
    let ctx = WriteContext {
        actor: Actor::system(),
        at: clock.now(),
    };
    let hash = gendan_web::auth::hash_password(DEMO_PASSWORD).map_err(anyhow::Error::msg)?;
    let names = [
        (Role::Admin, "Admin 管理员", "en"),
        (Role::SalesManager, "王经理 Wang Lei", "zh-CN"),
        (Role::Merchandiser, "李娜 Li Na", "zh-CN"),
        (Role::Documentation, "张敏 Zhang Min", "zh-CN"),
        (Role::Shipping, "刘洋 Liu Yang", "zh-CN"),
        (Role::Finance, "陈静 Chen Jing", "zh-CN"),
        (Role::Production, "赵强 Zhao Qiang", "zh-CN"),
        (Role::Viewer, "Auditor", "en"),
    ];
    for (role, name, locale) in names {
        store
            .create_user(
                NewUser {
                    email: demo_email(role),
                    display_name: name.to_string(),
                    role,
                    locale: locale.to_string(),
                    password_hash: hash.clone(),
                },
                &ctx,
            )
            .await?;
    }
    for c in demo_data::customers() {
        let customer = store.create_party(c.customer.validate()?, &ctx).await?;
        for mut p in c.consignees.into_iter().chain(c.notify_parties) {
            p.customer_id = Some(customer.id);
            store.create_party(p.validate()?, &ctx).await?;
        }
    }
    let service: Result<Vec<_>, _> = demo_data::service_parties()
        .iter()
        .map(|p| p.validate())
        .collect();
    store.create_parties(service?, &ctx).await?;
    crate::demo_trade::ensure(store, clock).await?;
    crate::demo_instructions::ensure(store, clock).await?;
    crate::demo_shipments::ensure(shared.clone(), clock).await?;
    crate::demo_documents::ensure(shared.clone(), clock).await?;
    crate::demo_receivables::ensure(shared.clone(), clock).await?;
    Ok(true)
}
