//! Demo data (演示数据): the parties of an apple and pear exporter in Yantai, Shandong.
//!
//! Our own company is not among them: it is the seller on every document and lives in
//! the "our companies" master data. Everything here is fictional except the carriers,
//! banks and couriers, which are public service providers; every e-mail address uses a
//! reserved example domain (RFC 2606), so nothing the demo sends can reach anyone.

use gendan_domain::party::{AddressInput, ContactInput, PartyInput, PartyKind};

/// A customer with the consignees and notify parties that belong to it.
pub struct DemoCustomer {
    pub customer: PartyInput,
    pub consignees: Vec<PartyInput>,
    pub notify_parties: Vec<PartyInput>,
}

/// `None` for an empty string.
fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// An address; empty `region` or `postal_code` are left unset.
fn address(line1: &str, city: &str, region: &str, postal_code: &str, country: &str) -> AddressInput {
    AddressInput {
        line1: line1.into(),
        city: city.into(),
        region: opt(region),
        postal_code: opt(postal_code),
        country: country.into(),
        ..Default::default()
    }
}

/// An address with a label such as `warehouse` or `office`.
fn labelled(label: &str, a: AddressInput) -> AddressInput {
    AddressInput {
        label: opt(label),
        ..a
    }
}

/// A Chinese party's address in Yantai, in Latin script as printed on documents.
fn yantai(line1: &str, postal_code: &str) -> AddressInput {
    address(line1, "Yantai", "Shandong", postal_code, "CN")
}

/// A contact; empty fields are left unset.
fn contact(name: &str, email: &str, phone: &str, messenger: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        email: opt(email),
        phone: opt(phone),
        messenger: opt(messenger),
    }
}

/// A party with one address; an empty `name_zh` is left unset.
fn party(
    kind: PartyKind,
    name_zh: &str,
    name_latin: &str,
    address: AddressInput,
    contacts: Vec<ContactInput>,
    notes: &str,
) -> PartyInput {
    PartyInput {
        kind: kind.as_str().into(),
        name_zh: opt(name_zh),
        name_latin: opt(name_latin),
        addresses: vec![address],
        contacts,
        notes: opt(notes),
        ..Default::default()
    }
}

/// A bank: a party with a SWIFT BIC.
fn bank(
    bic: &str,
    name_zh: &str,
    name_latin: &str,
    address: AddressInput,
    contacts: Vec<ContactInput>,
    notes: &str,
) -> PartyInput {
    PartyInput {
        bic: opt(bic),
        ..party(PartyKind::Bank, name_zh, name_latin, address, contacts, notes)
    }
}

/// A customer with one consignee and one notify party.
fn demo(customer: PartyInput, consignee: PartyInput, notify_party: PartyInput) -> DemoCustomer {
    DemoCustomer {
        customer,
        consignees: vec![consignee],
        notify_parties: vec![notify_party],
    }
}

/// The demo's customers (buyers) with their consignees and notify parties.
pub fn customers() -> Vec<DemoCustomer> {
    use PartyKind::{Consignee, Customer, NotifyParty};
    vec![
        demo(
            party(
                Customer,
                "",
                "Nieuwe Maas Fruit Import B.V.",
                labelled(
                    "office",
                    address(
                        "Vierhavensstraat 52",
                        "Rotterdam",
                        "Zuid-Holland",
                        "3029 BG",
                        "NL",
                    ),
                ),
                vec![
                    contact(
                        "Pieter van Dijk",
                        "pieter.vandijk@nieuwemaas.example.com",
                        "+31 10 244 5870",
                        "WhatsApp +31 6 1234 5678",
                    ),
                    contact(
                        "Sanne de Vries",
                        "logistics@nieuwemaas.example.com",
                        "+31 10 244 5873",
                        "",
                    ),
                ],
                "Supplies Dutch and German supermarkets: Fuji 80-100 count and Ya pears 72-80 count, \
                 18 kg cartons with PLU stickers. Needs GLOBALG.A.P. and the phytosanitary certificate. \
                 Pays D/P at sight through ABN AMRO Rotterdam; CFR Rotterdam, 40' reefer from Qingdao.",
            ),
            party(
                Consignee,
                "",
                "Nieuwe Maas Cold Storage B.V.",
                labelled(
                    "warehouse",
                    address("Keilestraat 23", "Rotterdam", "Zuid-Holland", "3029 BP", "NL"),
                ),
                vec![contact(
                    "Receiving desk",
                    "coldstore@nieuwemaas.example.com",
                    "+31 10 244 5880",
                    "",
                )],
                "Customer's own cold store in the Merwe-Vierhavens fruit port; receives Mon-Sat 06-18 h.",
            ),
            party(
                NotifyParty,
                "",
                "Van Leeuwen Douane Expediteurs B.V.",
                address(
                    "Waalhaven Zuidzijde 19",
                    "Rotterdam",
                    "Zuid-Holland",
                    "3089 JH",
                    "NL",
                ),
                vec![contact(
                    "Marco Jansen",
                    "customs@vanleeuwen-douane.example.com",
                    "+31 10 429 1150",
                    "WhatsApp +31 6 2345 6789",
                )],
                "Customs broker; send the copy documents by e-mail on the day of departure.",
            ),
        ),
        demo(
            party(
                Customer,
                "",
                "PT Sumber Segar Buah Nusantara",
                labelled(
                    "office",
                    address(
                        "Jl. Pluit Raya No. 88, Penjaringan",
                        "Jakarta Utara",
                        "DKI Jakarta",
                        "14440",
                        "ID",
                    ),
                ),
                vec![
                    contact(
                        "Budi Santoso",
                        "budi.santoso@sumbersegar.example.com",
                        "+62 21 669 1234",
                        "WhatsApp +62 812 8765 4321",
                    ),
                    contact(
                        "Lina Wijaya",
                        "import@sumbersegar.example.com",
                        "+62 21 669 1235",
                        "WeChat lina_wijaya_jkt",
                    ),
                ],
                "Orders Fuji 100-113 count in 10 kg cartons and Ya pears for Chinese New Year, 3-4 reefers \
                 from November. Needs Form E (ACFTA) and its RIPH/SPI import permit numbers on the invoice. \
                 Pays by L/C at sight; CFR Tanjung Priok.",
            ),
            party(
                Consignee,
                "",
                "PT Sumber Segar Buah Nusantara",
                labelled(
                    "warehouse",
                    address(
                        "Kawasan Industri Marunda Center Blok C No. 7, Segarajaya",
                        "Bekasi",
                        "Jawa Barat",
                        "17211",
                        "ID",
                    ),
                ),
                vec![contact(
                    "Agus Prasetyo",
                    "gudang@sumbersegar.example.com",
                    "+62 21 8899 2210",
                    "",
                )],
                "The importer itself (it holds the import licence); delivery to its cold store.",
            ),
            party(
                NotifyParty,
                "",
                "PT Cahaya Samudra Logistik",
                address(
                    "Jl. Enggano No. 12, Tanjung Priok",
                    "Jakarta Utara",
                    "DKI Jakarta",
                    "14310",
                    "ID",
                ),
                vec![contact(
                    "Rudi Hartono",
                    "ppjk@cahayasamudra.example.com",
                    "+62 21 4390 5566",
                    "WhatsApp +62 811 1900 2233",
                )],
                "Customs broker (PPJK) at Tanjung Priok.",
            ),
        ),
        demo(
            party(
                Customer,
                "",
                "Al Sahwa Fresh Fruits Trading L.L.C.",
                AddressInput {
                    line2: opt("P.O. Box 35112"),
                    ..labelled(
                        "office",
                        address(
                            "Shop No. 214, Al Aweer Central Fruit and Vegetable Market",
                            "Dubai",
                            "Dubai",
                            "",
                            "AE",
                        ),
                    )
                },
                vec![contact(
                    "Imran Qureshi",
                    "imran@alsahwa-fruits.example.com",
                    "+971 4 320 1188",
                    "WhatsApp +971 50 123 4567",
                )],
                "Buys Fuji 88-113 count and Ya pears in 18 kg cartons, often mixed in one 40' reefer; \
                 re-exports part to Oman and Qatar. Needs the certificate of origin legalised and Arabic \
                 labels on cartons. Pays 30% deposit, balance against copy B/L; CFR Jebel Ali.",
            ),
            party(
                Consignee,
                "",
                "Al Sahwa Cold Stores L.L.C.",
                labelled(
                    "warehouse",
                    address(
                        "Warehouse No. 7, Street 19, Al Quoz Industrial Area 3",
                        "Dubai",
                        "Dubai",
                        "",
                        "AE",
                    ),
                ),
                vec![contact(
                    "Store manager",
                    "stores@alsahwa-fruits.example.com",
                    "+971 4 347 2290",
                    "",
                )],
                "Sister company of Al Sahwa Fresh Fruits; takes delivery at Jebel Ali.",
            ),
            party(
                NotifyParty,
                "",
                "Gulf Gate Customs Clearing L.L.C.",
                AddressInput {
                    line2: opt("P.O. Box 52871"),
                    ..address(
                        "Office 308, Al Shafar Building, Port Saeed, Deira",
                        "Dubai",
                        "Dubai",
                        "",
                        "AE",
                    )
                },
                vec![contact(
                    "Suresh Nair",
                    "clearing@gulfgate.example.com",
                    "+971 4 295 6610",
                    "WhatsApp +971 55 765 4321",
                )],
                "Clearing agent at Jebel Ali; needs the original certificate of origin before arrival.",
            ),
        ),
        demo(
            party(
                Customer,
                "",
                "OOO Primorskaya Fruktovaya Kompaniya",
                labelled(
                    "office",
                    address(
                        "ul. Svetlanskaya, 115, office 402",
                        "Vladivostok",
                        "Primorsky Krai",
                        "690005",
                        "RU",
                    ),
                ),
                vec![
                    contact(
                        "Dmitry Kovalenko",
                        "d.kovalenko@primfrukt.example.com",
                        "+7 423 240 1234",
                        "Telegram @dkovalenko_fruit",
                    ),
                    contact(
                        "Anna Li",
                        "anna.li@primfrukt.example.com",
                        "+7 914 700 1122",
                        "WeChat anna_li_vvo",
                    ),
                ],
                "Buys Fuji 80-100 count and Huangguan pears in 10 kg and 18 kg cartons, Qingdao to \
                 Vladivostok by reefer every two weeks from October to April. The packing house must be \
                 registered for Russia. Pays 100% T/T before the telex release; FOB Qingdao.",
            ),
            party(
                Consignee,
                "",
                "OOO Vostok Kholod",
                labelled(
                    "warehouse",
                    address(
                        "ul. Borisenko, 100",
                        "Vladivostok",
                        "Primorsky Krai",
                        "690074",
                        "RU",
                    ),
                ),
                vec![contact(
                    "Oleg Smirnov",
                    "sklad@vostokholod.example.com",
                    "+7 423 265 4400",
                    "",
                )],
                "Cold store used by Primorskaya Fruktovaya Kompaniya; consignee on every B/L.",
            ),
            party(
                NotifyParty,
                "",
                "OOO Dalnevostochny Tamozhenny Broker",
                address(
                    "ul. Strelnikova, 7, office 12",
                    "Vladivostok",
                    "Primorsky Krai",
                    "690065",
                    "RU",
                ),
                vec![contact(
                    "Elena Pak",
                    "broker@dv-tambroker.example.com",
                    "+7 423 222 8150",
                    "Telegram @elena_pak_broker",
                )],
                "Customs broker; wants the invoice and packing list in Russian and English.",
            ),
        ),
        demo(
            party(
                Customer,
                "",
                "Padma Fresh Fruit Importers Ltd.",
                labelled(
                    "office",
                    address(
                        "House 14, Road 3, Agrabad Commercial Area",
                        "Chattogram",
                        "Chattogram Division",
                        "4100",
                        "BD",
                    ),
                ),
                vec![contact(
                    "Md. Rafiqul Islam",
                    "rafiq@padmafruit.example.com",
                    "+880 31 272 1456",
                    "WhatsApp +880 1711 234567",
                )],
                "Price-driven: Gala and Fuji 100-125 count and Ya pears in 18 kg cartons. Pays by L/C at \
                 sight, documents through the banks; needs the certificate of origin, phytosanitary and \
                 radioactivity test certificates. CFR Chattogram, often transshipped in Singapore.",
            ),
            party(
                Consignee,
                "",
                "To the order of Dutch-Bangla Bank PLC, Agrabad Branch",
                address(
                    "Sheikh Mujib Road, Agrabad Commercial Area",
                    "Chattogram",
                    "Chattogram Division",
                    "4100",
                    "BD",
                ),
                vec![],
                "Issuing bank of the L/C; B/L made out to its order, the customer's agent notified.",
            ),
            party(
                NotifyParty,
                "",
                "Karnaphuli C&F Agency",
                address(
                    "123 Strand Road, Kotwali",
                    "Chattogram",
                    "Chattogram Division",
                    "4000",
                    "BD",
                ),
                vec![contact(
                    "Abdul Karim",
                    "cnf@karnaphuli-agency.example.com",
                    "+880 31 625 3312",
                    "WhatsApp +880 1819 345678",
                )],
                "Clearing and forwarding agent at Chattogram port.",
            ),
        ),
        demo(
            party(
                Customer,
                "",
                "Sai Gon Green Fruit Trading Co., Ltd.",
                labelled(
                    "office",
                    address(
                        "Lot B12, Thu Duc Wholesale Market, 141 Kha Van Can, Hiep Binh Chanh, Thu Duc City",
                        "Ho Chi Minh City",
                        "",
                        "71300",
                        "VN",
                    ),
                ),
                vec![
                    contact(
                        "Nguyen Thi Lan",
                        "lan.nguyen@saigongreen.example.com",
                        "+84 28 3726 1188",
                        "Zalo +84 90 312 3456",
                    ),
                    contact(
                        "Tran Minh Duc",
                        "duc.tran@saigongreen.example.com",
                        "+84 90 876 5432",
                        "WeChat tmduc_hcm",
                    ),
                ],
                "Buys Fuji 80-88 count in 10 kg gift cartons and Ya pears before Tet. Needs Form E (ACFTA) \
                 and the plant quarantine import permit number on the phytosanitary certificate. Pays 20% \
                 deposit, balance before the telex release; CFR Cat Lai.",
            ),
            party(
                Consignee,
                "",
                "Sai Gon Green Fruit Trading Co., Ltd.",
                labelled(
                    "warehouse",
                    address(
                        "Cold Store No. 3, 1295B Nguyen Thi Dinh, Cat Lai Ward, Thu Duc City",
                        "Ho Chi Minh City",
                        "",
                        "71300",
                        "VN",
                    ),
                ),
                vec![contact(
                    "Le Van Hung",
                    "kho@saigongreen.example.com",
                    "+84 28 3742 0099",
                    "",
                )],
                "The customer itself, delivered to its cold store near Cat Lai port.",
            ),
            party(
                NotifyParty,
                "",
                "Phu My Customs Brokerage Co., Ltd.",
                address(
                    "12 Nguyen Thi Dinh, Cat Lai Ward, Thu Duc City",
                    "Ho Chi Minh City",
                    "",
                    "71300",
                    "VN",
                ),
                vec![contact(
                    "Pham Quoc Bao",
                    "customs@phumy-broker.example.com",
                    "+84 28 3742 5566",
                    "Zalo +84 91 234 5678",
                )],
                "Customs broker at Cat Lai; needs the Form E original before the vessel arrives.",
            ),
        ),
    ]
}

/// Forwarders, carriers, banks, couriers and suppliers.
pub fn service_parties() -> Vec<PartyInput> {
    use PartyKind::{Carrier, Courier, Forwarder, Supplier};
    vec![
        party(
            Forwarder,
            "烟台海运国际货运代理有限公司",
            "Yantai Haiyun International Freight Forwarding Co., Ltd.",
            yantai(
                "Room 1208, Haiyun Building, No. 10 Gangcheng West Street, Zhifu District",
                "264000",
            ),
            vec![
                contact(
                    "Wang Haitao 王海涛",
                    "booking@yt-haiyun.example.com",
                    "+86 535 662 1234",
                    "WeChat wht_haiyun",
                ),
                contact(
                    "Liu Fang 刘芳",
                    "docs@yt-haiyun.example.com",
                    "+86 138 5451 2345",
                    "WeChat liufang_docs",
                ),
            ],
            "Reefer bookings from Yantai and Qingdao; takes the SI and VGM by e-mail, \
             cut-off usually 24 h before the CY closing.",
        ),
        party(
            Forwarder,
            "青岛胶州湾国际物流有限公司",
            "Qingdao Jiaozhou Bay International Logistics Co., Ltd.",
            address(
                "Room 2305, No. 6 Xianggang Middle Road, Shinan District",
                "Qingdao",
                "Shandong",
                "266071",
                "CN",
            ),
            vec![contact(
                "Zhang Wei 张伟",
                "export@jzbay-logistics.example.com",
                "+86 532 8577 6600",
                "WeChat zhangwei_jzbay",
            )],
            "Good rates Qingdao to Rotterdam and Jebel Ali; arranges plug-in and pre-cooling at the yard.",
        ),
        party(
            Forwarder,
            "山东渤海冷链物流有限公司",
            "Shandong Bohai Cold Chain Logistics Co., Ltd.",
            yantai(
                "No. 88 Changjiang Road, Yantai Economic and Technological Development Area",
                "264006",
            ),
            vec![contact(
                "Sun Li 孙丽",
                "sunli@bohai-coldchain.example.com",
                "+86 535 637 8899",
                "WeChat sunli_bohai",
            )],
            "Trucks reefers from the Qixia and Laiyang packing houses to Qingdao; also books Vladivostok.",
        ),
        party(
            Carrier,
            "中远海运集装箱运输有限公司",
            "COSCO Shipping Lines Co., Ltd.",
            address(
                "No. 378 Dongdaming Road, Hongkou District",
                "Shanghai",
                "Shanghai",
                "200080",
                "CN",
            ),
            vec![contact(
                "Qingdao reefer desk",
                "reefer.qingdao@coscoshipping.example.com",
                "+86 532 8202 1000",
                "",
            )],
            "Direct reefer services from Qingdao to Rotterdam, Jebel Ali, Tanjung Priok and Cat Lai.",
        ),
        party(
            Carrier,
            "",
            "A.P. Moller - Maersk A/S",
            address("Esplanaden 50", "Copenhagen", "", "1098", "DK"),
            vec![contact(
                "Qingdao customer service",
                "cn.export@maersk.example.com",
                "+86 532 6677 8800",
                "",
            )],
            "Books through the forwarders; sea waybill or telex release on request.",
        ),
        bank(
            "BKCHCNBJ500",
            "中国银行股份有限公司烟台分行",
            "Bank of China Limited, Yantai Branch",
            yantai("No. 166 Jiefang Road, Zhifu District", "264001"),
            vec![contact(
                "International settlement department",
                "tradefinance.yantai@bankofchina.example.com",
                "+86 535 622 9999",
                "",
            )],
            "Our remitting bank for D/P collections and L/C presentations; USD and EUR accounts.",
        ),
        bank(
            "ICBKCNBJSDG",
            "中国工商银行股份有限公司烟台分行",
            "Industrial and Commercial Bank of China Limited, Yantai Branch",
            yantai("No. 237 Nanda Street, Zhifu District", "264000"),
            vec![contact(
                "Zhao Min 赵敏",
                "zhaomin@icbc.example.com",
                "+86 535 662 8000",
                "",
            )],
            "Receives T/T deposits and balances; advising bank for the Indonesian L/Cs.",
        ),
        bank(
            "ABNANL2A",
            "",
            "ABN AMRO Bank N.V., Rotterdam",
            address("Coolsingel 93", "Rotterdam", "Zuid-Holland", "3012 AE", "NL"),
            vec![contact(
                "Trade Services",
                "trade.services@abnamro.example.com",
                "+31 10 402 8000",
                "",
            )],
            "Collecting bank for Nieuwe Maas Fruit Import's D/P at sight.",
        ),
        party(
            Courier,
            "中外运敦豪国际航空快件有限公司烟台分公司",
            "DHL Express (China) Yantai",
            yantai(
                "No. 39 Huanghe Road, Yantai Economic and Technological Development Area",
                "264006",
            ),
            vec![contact(
                "Pick-up desk",
                "yantai.pickup@dhl.example.com",
                "+86 400 810 8000",
                "",
            )],
            "Original documents to Rotterdam, Dubai and Vladivostok; pick-up by 16:00 for same-day dispatch.",
        ),
        party(
            Courier,
            "顺丰速运有限公司烟台分公司",
            "SF Express Yantai",
            yantai("No. 120 Shichang Road, Laishan District", "264003"),
            vec![contact(
                "Yang Tao 杨涛",
                "yantai@sf-express.example.com",
                "+86 95338",
                "WeChat sf_yantai_yt",
            )],
            "Domestic documents and samples; SF International to Jakarta and Ho Chi Minh City.",
        ),
        party(
            Supplier,
            "栖霞市翠屏果品专业合作社",
            "Qixia Cuiping Fruit Cooperative",
            address(
                "No. 18 Cuiping Middle Road, Cuiping Street",
                "Qixia",
                "Shandong",
                "265300",
                "CN",
            ),
            vec![contact(
                "Li Jianguo 李建国",
                "lijianguo@qx-cuiping.example.com",
                "+86 135 0545 6789",
                "WeChat lijg_qixia",
            )],
            "Red Fuji from 3,000 mu of orchards, own packing house and 2,000 t cold store; \
             the orchard and packing house are registered with GACC for export. Harvest from mid-October.",
        ),
        party(
            Supplier,
            "莱阳市照旺庄梨业专业合作社",
            "Laiyang Zhaowangzhuang Pear Cooperative",
            address(
                "No. 8 Wulong River Road, Zhaowangzhuang Town",
                "Laiyang",
                "Shandong",
                "265200",
                "CN",
            ),
            vec![contact(
                "Chen Xiaoming 陈晓明",
                "chenxm@ly-pear.example.com",
                "+86 139 5352 1188",
                "WeChat chenxm_laiyang",
            )],
            "Laiyang Ci pears, Huangguan and Ya pears; harvest September to early October, \
             stored in controlled atmosphere until April.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn kinds(parties: &[PartyInput], kind: PartyKind) -> usize {
        parties.iter().filter(|p| p.kind == kind.as_str()).count()
    }

    fn all_parties() -> Vec<PartyInput> {
        let mut all = Vec::new();
        for c in customers() {
            all.push(c.customer);
            all.extend(c.consignees);
            all.extend(c.notify_parties);
        }
        all.extend(service_parties());
        all
    }

    #[test]
    fn every_party_is_valid() {
        for p in all_parties() {
            let d = p.validate().unwrap_or_else(|e| panic!("{:?}: {e}", p.name_latin));
            assert!(
                d.customer_id.is_none(),
                "{}: the caller sets customer_id",
                d.display_name()
            );
            assert!(!d.addresses.is_empty(), "{}: needs an address", d.display_name());
            if let Some(bic) = &d.bic {
                assert_eq!(
                    bic.country(),
                    d.addresses[0].country,
                    "{}: BIC country",
                    d.display_name()
                );
            }
        }
    }

    #[test]
    fn counts_and_kinds() {
        let cs = customers();
        assert!(cs.len() >= 6);
        for c in &cs {
            assert_eq!(c.customer.kind, "customer");
            assert_eq!(c.consignees.len(), 1);
            assert_eq!(c.notify_parties.len(), 1);
            let country = &c.customer.addresses[0].country;
            for p in c.consignees.iter().chain(&c.notify_parties) {
                assert_eq!(
                    &p.addresses[0].country, country,
                    "{:?} not in {country}",
                    p.name_latin
                );
            }
            assert!(c.consignees.iter().all(|p| p.kind == "consignee"));
            assert!(c.notify_parties.iter().all(|p| p.kind == "notify_party"));
        }
        let s = service_parties();
        assert_eq!(kinds(&s, PartyKind::Forwarder), 3);
        assert_eq!(kinds(&s, PartyKind::Carrier), 2);
        assert_eq!(kinds(&s, PartyKind::Bank), 3);
        assert_eq!(kinds(&s, PartyKind::Courier), 2);
        assert_eq!(kinds(&s, PartyKind::Supplier), 2);
        assert_eq!(s.len(), 12);
        for p in s.iter().filter(|p| p.kind != "bank" && p.kind != "carrier") {
            assert!(
                p.name_zh.is_some() && p.name_latin.is_some(),
                "{:?} needs both names",
                p.name_latin
            );
        }
    }

    #[test]
    fn six_distinct_customer_countries() {
        let countries: BTreeSet<String> = customers()
            .iter()
            .map(|c| c.customer.addresses[0].country.clone())
            .collect();
        let expected: BTreeSet<String> = ["AE", "BD", "ID", "NL", "RU", "VN"].map(String::from).into();
        assert_eq!(countries, expected);
    }

    #[test]
    fn e_mails_use_reserved_example_domains() {
        for p in all_parties() {
            for e in p.contacts.iter().filter_map(|c| c.email.as_deref()) {
                let domain = e.rsplit_once('@').expect("validated").1;
                assert!(
                    domain == "example.com" || domain.ends_with(".example.com"),
                    "{e} is not an example domain"
                );
            }
        }
    }
}
