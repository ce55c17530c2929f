//! `gendan seed`: many synthetic parties, for benchmarks and load tests.

use gendan_domain::audit::Actor;
use gendan_domain::clock::Clock;
use gendan_domain::party::{AddressInput, ContactInput, PartyInput};
use gendan_store::{Store, WriteContext};
use std::io::Write;

const KINDS: [&str; 7] = [
    "customer",
    "forwarder",
    "carrier",
    "courier",
    "supplier",
    "consignee",
    "notify_party",
];
const COUNTRIES: [&str; 10] = ["NL", "ID", "AE", "RU", "BD", "VN", "TH", "MY", "PH", "SA"];
const CITIES: [&str; 10] = [
    "Rotterdam",
    "Jakarta",
    "Dubai",
    "Vladivostok",
    "Dhaka",
    "Ho Chi Minh City",
    "Bangkok",
    "Port Klang",
    "Manila",
    "Jeddah",
];
const WORDS: [&str; 12] = [
    "Fresh", "Fruit", "Trading", "Global", "Orchard", "Harvest", "Green", "Import", "Foods", "Pacific",
    "Star", "Valley",
];

/// The synthetic party number `n` (deterministic).
pub fn synthetic(n: u64) -> PartyInput {
    let w = |i: u64| WORDS[(i % WORDS.len() as u64) as usize];
    let c = (n % COUNTRIES.len() as u64) as usize;
    PartyInput {
        kind: KINDS[(n % KINDS.len() as u64) as usize].into(),
        name_latin: Some(format!("{} {} {} No. {n}", w(n), w(n / 12), w(n / 144))),
        name_zh: n.is_multiple_of(3).then(|| {
            format!(
                "烟台{}果业有限公司{n}",
                ["红富士", "莱阳梨", "栖霞"][(n % 3) as usize]
            )
        }),
        addresses: vec![AddressInput {
            line1: format!("{} Harbour Road", n % 997 + 1),
            city: CITIES[c].into(),
            country: COUNTRIES[c].into(),
            ..Default::default()
        }],
        contacts: vec![ContactInput {
            name: format!("Contact {n}"),
            email: Some(format!("buyer{n}@example.com")),
            phone: Some(format!("+31 10 {:07}", n % 10_000_000)),
            messenger: None,
        }],
        notes: Some("synthetic party for benchmarks".into()),
        ..Default::default()
    }
}

/// Create `count` parties in transactions of `batch`, printing progress.
pub async fn parties(store: &dyn Store, clock: &dyn Clock, count: u64, batch: u64) -> anyhow::Result<()> {
    let ctx = WriteContext {
        actor: Actor::system(),
        at: clock.now(),
    };
    let started = std::time::Instant::now();
    let mut done = 0;
    while done < count {
        let n = batch.min(count - done);
        let data: Result<Vec<_>, _> = (done..done + n).map(|i| synthetic(i).validate()).collect();
        store.create_parties(data?, &ctx).await?;
        done += n;
        eprint!(
            "\rseeded {done}/{count} parties ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
        let _ = std::io::stderr().flush();
    }
    eprintln!();
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_parties_are_valid() {
        for n in 0..200 {
            super::synthetic(n).validate().unwrap();
        }
    }
}
