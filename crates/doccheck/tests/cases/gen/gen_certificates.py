"""Cases for §2.7 insurance (CIF/CIP) and §2.8 certificate of origin and phytosanitary
certificate. The insurance rules run only under CIF/CIP: their cases derive from the CIF
D/P base; the others from the CFR L/C base."""
from common import base, clone, write

CIF = "apples-cif-dp-clean"

# INS-ROUTE: insured from Qingdao (CNTAO) to Rotterdam (NLRTM), as the B/L.
R = "INS-ROUTE"
write(R, "passes-port-to-port-as-the-bill-of-lading", base(CIF))
# Warehouse to warehouse: inland places in the loading and discharge countries extend the
# cover (art. 28(f)(iii)).
s = base(CIF)
s["insurance_certificate"]["from"] = {
    "name": "SELLER'S WAREHOUSE, QIXIA, SHANDONG, CHINA", "country": "CN"}
s["insurance_certificate"]["to"] = {
    "name": "BUYER'S WAREHOUSE, 3072 HR ROTTERDAM, NETHERLANDS", "country": "NL"}
write(R, "passes-inland-warehouses-in-the-loading-and-discharge-countries", s)
# The official UN/LOCODE of the port the B/L gives by its trade code (CNQDG = CNTAO).
s = base(CIF)
s["insurance_certificate"]["from"] = {"name": "QINGDAO PORT", "unlocode": "CNQDG", "country": "CN"}
write(R, "passes-official-code-of-the-same-port", s)
s = base(CIF)
s["insurance_certificate"]["from"] = {"name": "SHANGHAI, CHINA", "unlocode": "CNSHA", "country": "CN"}
write(R, "fires-cover-from-another-port-of-the-loading-country", s)
s = base(CIF)
s["insurance_certificate"]["to"] = {"name": "ANTWERP, BELGIUM", "unlocode": "BEANR", "country": "BE"}
write(R, "fires-cover-to-a-port-in-another-country", s)
s = base(CIF)
s["insurance_certificate"]["to"] = {"name": "ANTWERP WAREHOUSE, BELGIUM", "country": "BE"}
write(R, "fires-cover-to-an-inland-place-in-another-country", s)
write(R, "na-cfr-sale-no-insurance", base())

# INS-RISKS: the contract wants ICC (A) + war + strikes; the certificate covers them.
R = "INS-RISKS"
write(R, "passes-all-required-risks-covered", base(CIF))
s = base(CIF)
s["insurance_certificate"]["risks"] = [
    "INSTITUTE CARGO CLAUSES (A) 1/1/2009",
    "INSTITUTE WAR CLAUSES (CARGO) 1/1/2009",
    "INSTITUTE STRIKES CLAUSES (CARGO) 1/1/2009",
]
write(R, "passes-clauses-written-out-with-their-date", s)
# "All risks" is satisfied by ICC (A) (ISBP 745 K17).
s = base(CIF)
s["contract"]["insurance"]["risks"] = ["ALL RISKS", "WAR RISKS"]
write(R, "passes-all-risks-required-icc-a-covered", s)
s = base(CIF)
s["insurance_certificate"]["risks"] = ["ICC (A)", "INSTITUTE WAR CLAUSES (CARGO)"]
write(R, "fires-strikes-clauses-missing", s)
s = base(CIF)
s["insurance_certificate"]["risks"] = [
    "ICC (B)", "INSTITUTE WAR CLAUSES (CARGO)", "INSTITUTE STRIKES CLAUSES (CARGO)"]
write(R, "fires-icc-b-instead-of-icc-a", s)
write(R, "na-cfr-sale-no-insurance", base())

# CO-ISSUER-FORM: the credit wants a GENERAL certificate by CCPIT or a chamber of commerce.
R = "CO-ISSUER-FORM"
write(R, "passes-general-form-by-ccpit", base())
s = base()
s["lc"]["co_required"] = {"form": "FORM E", "issuer": "CHINA CUSTOMS OR CCPIT"}
write(R, "fires-form-e-required-general-presented", s)
s = base()
s["lc"]["co_required"] = {"form": "GENERAL", "issuer": "CHINA CUSTOMS"}
write(R, "fires-customs-required-ccpit-issued", s)
# ISBP L3(c): a chamber-type issuer satisfies "issued by the beneficiary" when the
# certificate names the beneficiary (as exporter).
s = base()
s["lc"]["co_required"] = {"form": "CERTIFICATE OF ORIGIN", "issuer": "BENEFICIARY"}
write(R, "passes-beneficiary-required-chamber-certificate-naming-the-beneficiary", s)
s = base(CIF)
s["contract"]["required_co"] = {"form": "GENERAL", "issuer": "CCPIT"}
write(R, "passes-contract-requirement-without-credit", s)
s = base(CIF)
s["contract"]["required_co"] = {"form": "FORM A", "issuer": None}
write(R, "fires-contract-form-a-general-presented", s)
write(R, "na-no-requirement", base(CIF))

# PHYTO-BOTANICAL: apples certified as "Malus domestica Borkh.".
R = "PHYTO-BOTANICAL"
write(R, "passes-malus-domestica-with-author", base())
for name, what in [
    ("Malus pumila Mill.", "passes-malus-pumila-is-the-same-apple"),
    ("Malus × domestica Borkh.", "passes-hybrid-sign-ignored"),
    ("MALUS X DOMESTICA", "passes-upper-case-with-x-as-hybrid-sign"),
    ("Pyrus pyrifolia (Burm. f.) Nakai", "fires-pear-name-on-an-apple-certificate"),
    ("Malus baccata (L.) Borkh.", "fires-crab-apple-species-on-an-apple-certificate"),
]:
    s = base()
    s["phytosanitary_certificate"]["botanical_name"] = name
    write(R, what, s)
s = base()
s["phytosanitary_certificate"]["botanical_name"] = None
write(R, "na-no-botanical-name", s)

# PHYTO-QTY: 1320 cartons, 23760.00 kg net, as the packing list.
R = "PHYTO-QTY"
write(R, "passes-same-packages-and-net-weight", base())
s = base()
s["phytosanitary_certificate"]["quantity_declared"]["net_weight_kg"] = "23760"
write(R, "passes-edge-net-weight-in-whole-kilos", s)
s = base()
s["phytosanitary_certificate"]["quantity_declared"]["net_weight_kg"] = "23761"
write(R, "fires-beyond-net-weight-one-kilo-more", s)
s = base()
s["phytosanitary_certificate"]["quantity_declared"]["packages"] = 1321
write(R, "fires-beyond-one-carton-more", s)
s = base()
s["phytosanitary_certificate"]["quantity_declared"]["packages"] = 1319
write(R, "fires-one-carton-less", s)
s = base()
s["phytosanitary_certificate"]["quantity_declared"]["package_type"] = "CTNS"
write(R, "passes-cartons-abbreviated", s)
s = base()
s["phytosanitary_certificate"]["quantity_declared"]["package_type"] = "CRATES"
write(R, "fires-other-kind-of-package", s)
s = base()
s["phytosanitary_certificate"]["quantity_declared"] = {
    "packages": None, "package_type": None, "net_weight_kg": None}
write(R, "na-no-quantity-declared", s)

# PHYTO-POINT-OF-ENTRY: Rotterdam (NLRTM), the B/L's port of discharge.
R = "PHYTO-POINT-OF-ENTRY"
write(R, "passes-port-of-discharge", base())
s = base()
s["phytosanitary_certificate"]["point_of_entry"] = {
    "text": "THE NETHERLANDS", "unlocode": None, "country": "NL"}
write(R, "passes-country-only-the-discharge-country", s)
s = base()
s["phytosanitary_certificate"]["point_of_entry"] = {
    "text": "AMSTERDAM, NETHERLANDS", "unlocode": "NLAMS", "country": "NL"}
write(R, "fires-another-port-of-the-discharge-country", s)
s = base()
s["phytosanitary_certificate"]["point_of_entry"] = {
    "text": "ANTWERP, BELGIUM", "unlocode": "BEANR", "country": "BE"}
write(R, "fires-port-in-another-country", s)
s = base()
s["phytosanitary_certificate"]["point_of_entry"] = {
    "text": "BELGIUM", "unlocode": None, "country": "BE"}
write(R, "fires-country-only-another-country", s)
s = base()
s["phytosanitary_certificate"]["point_of_entry"] = None
write(R, "na-no-point-of-entry", s)

# PHYTO-CONVEYANCE: "BY SEA, VESSEL HANSA QINGDAO", the B/L vessel.
R = "PHYTO-CONVEYANCE"
write(R, "passes-names-the-bl-vessel", base())
for text, what in [
    ("BY SEA", "passes-by-sea-without-a-vessel"),
    ("M/V HANSA QINGDAO VOY. 2514W", "passes-vessel-and-voyage"),
    ("BY SEA, VESSEL COSCO SHIPPING ARIES", "fires-another-vessel"),
    ("M/V HANSA QINGDAO II", "fires-similar-but-other-vessel-name"),
]:
    s = base()
    s["phytosanitary_certificate"]["means_of_conveyance"] = text
    write(R, what, s)
s = base()
s["phytosanitary_certificate"]["means_of_conveyance"] = None
write(R, "na-no-means-of-conveyance", s)

# PHYTO-ADDITIONAL-DECLARATION: the base contract requires none.
R = "PHYTO-ADDITIONAL-DECLARATION"
write(R, "na-none-required", base())
AD1 = "THE CONSIGNMENT IS FREE FROM CYDIA PRUNIVORA"
AD2 = "THE FRUITS ORIGINATE IN AN AREA FREE FROM GUIGNARDIA PIRICOLA"
s = base()
s["contract"]["required_phyto_additional_declarations"] = [AD1]
write(R, "fires-required-declaration-missing", s)
s = clone(s)
s["phytosanitary_certificate"]["additional_declarations"] = [
    "The consignment is free from Cydia prunivora."]
write(R, "passes-declaration-in-other-case-and-punctuation", s)
s = clone(s)
s["contract"]["required_phyto_additional_declarations"] = [AD1, AD2]
write(R, "fires-one-of-two-missing", s)
s = clone(s)
s["phytosanitary_certificate"]["additional_declarations"].append(
    "The fruits originate in an area free from Guignardia piricola.")
write(R, "passes-both-declarations-present", s)

# --- INS-RISKS: "I.C.C. (A)" is ICC (A) ---------------------------------------------------
R = "INS-RISKS"
s = base(CIF)
s["insurance_certificate"]["risks"] = [
    "I.C.C. (A)", "INSTITUTE WAR CLAUSES (CARGO)", "INSTITUTE STRIKES CLAUSES (CARGO)"]
write(R, "passes-icc-a-with-full-stops", s)
s = base(CIF)
s["insurance_certificate"]["risks"] = [
    "I.C.C.(A)", "INSTITUTE WAR CLAUSES (CARGO)", "INSTITUTE STRIKES CLAUSES (CARGO)"]
write(R, "passes-icc-a-with-full-stops-no-space", s)
s = base(CIF)
s["insurance_certificate"]["risks"] = [
    "I.C.C. (B)", "INSTITUTE WAR CLAUSES (CARGO)", "INSTITUTE STRIKES CLAUSES (CARGO)"]
write(R, "fires-icc-b-with-full-stops-instead-of-icc-a", s)

# --- INS-ROUTE: a place without a UN/LOCODE named after a known sea port is that port ----
R = "INS-ROUTE"
s = base(CIF)
s["insurance_certificate"]["from"] = {"name": "SHANGHAI, CHINA", "country": "CN"}
write(R, "fires-cover-from-another-port-named-without-a-code", s)
s = base(CIF)
s["insurance_certificate"]["from"] = {"name": "QINGDAO, CHINA", "country": "CN"}
write(R, "passes-the-port-of-loading-named-without-a-code", s)
s = base(CIF)
s["insurance_certificate"]["from"] = {"name": "YANTAI WAREHOUSE, CHINA", "country": "CN"}
write(R, "passes-inland-warehouse-in-a-port-city", s)
s = base(CIF)
s["insurance_certificate"]["from"] = {"name": "ZHENGZHOU, CHINA", "country": "CN"}
write(R, "passes-inland-city-without-a-code", s)
