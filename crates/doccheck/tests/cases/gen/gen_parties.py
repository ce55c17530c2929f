"""Cases for §2.3 parties and addresses.

Bases: apples-cfr-lc-clean (L/C: beneficiary Yantai Golden Orchard, applicant Rotterdam
Fresh Import, B/L to order of the issuing bank, notify the applicant) and apples-cif-dp-clean
(D/P collection: B/L "TO ORDER" as the contract instructs, draft and collection instruction
drawn on the buyer)."""
from common import base, clone, write

LC = "apples-cfr-lc-clean"
DP = "apples-cif-dp-clean"

BUYER = {
    "name": "ROTTERDAM FRESH IMPORT B.V.",
    "address": "MAASHAVEN OOSTZIJDE 12, 3072 HR ROTTERDAM, THE NETHERLANDS. TEL +31 10 4567890",
    "country": "NL",
}
BROKER = {
    "name": "VAN DER LINDEN CUSTOMS SERVICES B.V.",
    "address": "WAALHAVEN ZUIDZIJDE 21, 3089 JH ROTTERDAM, THE NETHERLANDS. TEL +31 10 2223344",
    "country": "NL",
}
OTHER = {
    "name": "HAMBURG FRUCHTHANDEL GMBH",
    "address": "GROSSMARKT 3, 20097 HAMBURG, GERMANY",
    "country": "DE",
}


def both_certs(s, party):
    s["certificate_of_origin"]["consignee"] = dict(party)
    s["phytosanitary_certificate"]["consignee"] = dict(party)


# ---------------------------------------------------------------------------------------
# INV-ISSUER: invoice issuer vs L/C beneficiary (else contract seller).
R = "INV-ISSUER"
write(R, "passes-issuer-is-beneficiary", base(LC))
s = base(LC)
s["invoice"]["issuer"]["name"] = "Yantai Golden Orchard Fruit Company Limited"
write(R, "passes-abbreviations-written-out", s)
s = base(LC)
s["invoice"]["issuer"]["name"] = "YANTAI GOLDEN ORCHARD TRADING CO., LTD."
write(R, "fires-issuer-not-beneficiary", s)
s = base(LC)
s["invoice"]["issuer"]["name"] = "YANTAI GOLDEN ORCHARDS FRUIT CO., LTD."  # A23 not for names
write(R, "fires-one-letter-misspelt", s)
s = base(DP)
s["invoice"]["issuer"]["name"] = "SHANDONG FRUIT EXPORT CORP."
write(R, "fires-collection-issuer-not-seller", s)

# ---------------------------------------------------------------------------------------
# INV-BUYER: invoice buyer vs L/C applicant (else contract buyer).
R = "INV-BUYER"
write(R, "passes-buyer-is-applicant", base(LC))
s = base(LC)
s["invoice"]["buyer"]["name"] = "rotterdam  fresh\nimport b.v."
write(R, "passes-case-and-line-breaks", s)
s = base(LC)
s["invoice"]["buyer"]["name"] = "ROTTERDAM FRESH IMPORTS B.V."
write(R, "fires-buyer-not-applicant", s)
s = base(DP)
s["invoice"]["buyer"]["name"] = "AMSTERDAM FRESH IMPORT B.V."
write(R, "fires-collection-buyer-not-contract-buyer", s)

# ---------------------------------------------------------------------------------------
# X-ADDRESS-COUNTRY: only the country of the beneficiary's / applicant's address matters
# (art. 14(j)); B/L consignee / notify are left to BL-CONSIGNEE / BL-NOTIFY.
R = "X-ADDRESS-COUNTRY"
write(R, "passes-same-countries", base(LC))
s = base(LC)
s["invoice"]["buyer"]["address"] = "POSTBUS 59012, 3008 PA ROTTERDAM, NETHERLANDS"
s["certificate_of_origin"]["exporter"]["address"] = "QIXIA ECONOMIC DEVELOPMENT ZONE, YANTAI, CHINA"
write(R, "passes-street-and-city-differ", s)
s = base(LC)
s["invoice"]["buyer"]["address"] = "NOORDERLAAN 100, 2030 ANTWERPEN, BELGIUM"
s["invoice"]["buyer"]["country"] = "BE"
write(R, "fires-invoice-buyer-in-another-country", s)
s = base(LC)
s["certificate_of_origin"]["exporter"]["address"] = "UNIT 1201, 88 QUEENSWAY, ADMIRALTY, HONG KONG"
s["certificate_of_origin"]["exporter"]["country"] = "HK"
write(R, "fires-co-exporter-in-another-country", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["notify"]["address"] = "NOORDERLAAN 100, 2030 ANTWERPEN, BELGIUM"
    bl["notify"]["country"] = "BE"
write(R, "passes-bl-notify-not-judged-here", s)
s = base(DP)
s["collection_instruction"]["principal"]["address"] = "UNIT 1201, 88 QUEENSWAY, ADMIRALTY, HONG KONG"
s["collection_instruction"]["principal"]["country"] = "HK"
write(R, "fires-collection-principal-in-another-country", s)

# ---------------------------------------------------------------------------------------
# BL-CONSIGNEE: B/L consignee vs L/C 46A wording, else the contract's instruction.
R = "BL-CONSIGNEE"
write(R, "passes-to-order-of-issuing-bank", base(LC))
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["consignee"] = "to the order of Nederlandse Handelsbank N.V.  Rotterdam"
write(R, "passes-to-the-order-of-normalised", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["consignee"] = BUYER["name"]
    bl["consignee_party"] = dict(BUYER)
write(R, "fires-consigned-to-applicant", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["consignee"] = "TO ORDER OF SHIPPER"
write(R, "fires-to-order-of-shipper", s)
write(R, "passes-collection-to-order", base(DP))
s = base(DP)
for bl in s["bills_of_lading"]:
    bl["consignee"] = BUYER["name"]
    bl["consignee_party"] = dict(BUYER)
write(R, "fires-collection-straight-to-buyer", s)
s = base(DP)
s["contract"]["bl_consignee_instruction"] = None
write(R, "na-collection-no-instruction", s)

# ---------------------------------------------------------------------------------------
# BL-NOTIFY: B/L notify vs the L/C, address and contact details included (14(j)).
R = "BL-NOTIFY"
write(R, "passes-notify-as-credit", base(LC))
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["notify"]["name"] = "Rotterdam Fresh Import B.V."
    bl["notify"]["address"] = "Maashaven Oostzijde 12,\n3072 HR Rotterdam, The Netherlands.  Tel +31 10 4567890"
write(R, "passes-case-and-line-breaks", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["notify"]["address"] = "MAASHAVEN OOSTZIJDE 12, 3072 HR ROTTERDAM, THE NETHERLANDS"
write(R, "fires-address-without-telephone", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["notify"]["address"] = "POSTBUS 59012, 3008 PA ROTTERDAM, THE NETHERLANDS. TEL +31 10 4567890"
write(R, "fires-other-address-same-city", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["notify"] = dict(BROKER)
write(R, "fires-notify-other-party", s)
write(R, "na-collection-no-credit", base(DP))

# ---------------------------------------------------------------------------------------
# X-CONSIGNEE-CERTS: CO / phyto consignee vs B/L consignee (ISBP L5).
R = "X-CONSIGNEE-CERTS"
write(R, "passes-order-bl-certificates-show-applicant", base(LC))
s = base(LC)
s["certificate_of_origin"]["consignee"] = {
    "name": "NEDERLANDSE HANDELSBANK N.V.",
    "address": "BLAAK 40, 3011 TA ROTTERDAM, THE NETHERLANDS",
    "country": "NL",
}
write(R, "passes-order-bl-co-shows-issuing-bank", s)
s = base(LC)
s["certificate_of_origin"]["consignee"] = clone(s["lc"]["beneficiary"])
write(R, "fires-order-bl-co-shows-beneficiary", s)
s = base(LC)
s["phytosanitary_certificate"]["consignee"] = dict(OTHER)
write(R, "fires-order-bl-phyto-shows-other-entity", s)
s = base(DP)
for bl in s["bills_of_lading"]:
    bl["notify"] = dict(BROKER)
both_certs(s, BROKER)
write(R, "passes-collection-order-bl-certificates-show-notify", s)
s = base(DP)
s["contract"]["bl_consignee_instruction"] = BUYER["name"]
for bl in s["bills_of_lading"]:
    bl["consignee"] = BUYER["name"]
    bl["consignee_party"] = dict(BUYER)
    bl["notify"] = dict(BROKER)
write(R, "passes-straight-bl-certificates-show-consignee", s)
s = clone(s)
both_certs(s, BROKER)
write(R, "fires-straight-bl-certificates-show-notify", s)
s = base(LC)
del s["certificate_of_origin"]
del s["phytosanitary_certificate"]
s["lc"]["documents_required"] = [d for d in s["lc"]["documents_required"] if d["type"] not in ("CO", "PHYTO")]
s["presentation"]["documents"] = [d for d in s["presentation"]["documents"] if d["type"] not in ("CO", "PHYTO")]
write(R, "na-no-certificates", s)

# ---------------------------------------------------------------------------------------
# BL-SHIPPER-THIRD-PARTY: only when the L/C excludes art. 14(k).
R = "BL-SHIPPER-THIRD-PARTY"
THIRD = {
    "name": "YANTAI FRUIT LOGISTICS CO., LTD.",
    "address": "NO. 6 GANGCHENG ROAD, ZHIFU DISTRICT, YANTAI, SHANDONG, CHINA",
    "country": "CN",
}
s = base(LC)
s["lc"]["excludes_art_14k"] = True
write(R, "passes-beneficiary-shipper-14k-excluded", s)
s = clone(s)
for bl in s["bills_of_lading"]:
    bl["shipper"] = dict(THIRD)
write(R, "fires-third-party-shipper-14k-excluded", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["shipper"] = dict(THIRD)
write(R, "na-third-party-shipper-14k-not-excluded", s)
write(R, "na-collection-no-credit", base(DP))

# ---------------------------------------------------------------------------------------
# COL-DRAWEE: collection drawee vs draft drawee vs contract buyer; full postal address.
R = "COL-DRAWEE"
write(R, "passes-drawee-is-buyer", base(DP))
s = base(DP)
s["collection_instruction"]["drawee"] = dict(BROKER)
write(R, "fires-collection-drawee-not-buyer", s)
s = base(DP)
s["draft"]["drawee"] = dict(BROKER)
write(R, "fires-draft-drawee-not-buyer", s)
s = base(DP)
s["collection_instruction"]["drawee"]["address"] = "ROTTERDAM"
write(R, "fires-drawee-address-incomplete", s)
write(R, "na-no-collection-instruction", base(LC))

# ---------------------------------------------------------------------------------------
# X-CONSIGNEE-CERTS: the whole name, not its first words.
R = "X-CONSIGNEE-CERTS"
for name, cert_name in (("rotterdam", "ROTTERDAM"), ("rotterdam-fresh", "ROTTERDAM FRESH")):
    s = base(LC)
    s["certificate_of_origin"]["consignee"]["name"] = cert_name
    write(R, "fires-order-bl-co-shows-only-" + name, s)
s = base(DP)
s["contract"]["bl_consignee_instruction"] = BUYER["name"]
for bl in s["bills_of_lading"]:
    bl["consignee"] = BUYER["name"] + ", " + BUYER["address"]
    bl["consignee_party"] = None
write(R, "passes-straight-bl-consignee-with-address", s)
s = clone(s)
s["phytosanitary_certificate"]["consignee"]["name"] = "ROTTERDAM FRESH"
write(R, "fires-straight-bl-phyto-shows-only-rotterdam-fresh", s)
