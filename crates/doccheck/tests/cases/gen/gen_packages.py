"""Cases for §2.5 packages, weights, marks.

The clean L/C base: 1320 cartons, net 23760.00 kg (18.00 a carton), gross 25344.00 kg
(19.20 a carton) on the invoice, packing list, B/L, CO (gross only) and shipping advice;
marks "RFI/25-118 ROTTERDAM C/NO. 1-1320".
"""
from common import base, clone, write
from gen_transport import split_in_two


def main():
    # X-PKG-COUNT -------------------------------------------------------------------------
    r = "X-PKG-COUNT"
    write(r, "passes-1320-cartons-everywhere", base())
    s = base()
    bl = s["bills_of_lading"][0]
    bl["packages_total"] = 1321
    bl["containers"][0]["packages"] = 1321
    write(r, "fires-off-by-one-carton-on-the-bl", s)
    write(r, "passes-two-bls-summed", split_in_two(base()))
    s = split_in_two(base(), counts=(660, 659))
    write(r, "fires-two-bls-sum-one-short", s)
    s = base()
    s["certificate_of_origin"]["packages_total"] = 1230
    write(r, "fires-certificate-of-origin-digits-swapped", s)
    s = base()
    s["invoice"]["packages_total"] = None
    s["packing_list"] = None
    s["bills_of_lading"] = []
    s["certificate_of_origin"] = None
    write(r, "na-only-the-shipping-advice-shows-a-total", s)

    # X-PKG-UNIT --------------------------------------------------------------------------
    r = "X-PKG-UNIT"
    write(r, "passes-cartons-everywhere", base())
    s = base()
    s["bills_of_lading"][0]["package_type"] = "PALLETS"
    write(r, "fires-bl-shows-pallets", s)
    s = base()
    s["certificate_of_origin"]["package_type"] = "CTNS"
    s["bills_of_lading"][0]["package_type"] = "PACKAGES"
    write(r, "passes-ctns-and-generic-packages", s)
    s = split_in_two(base())
    s["bills_of_lading"][1]["package_type"] = "BOXES"
    write(r, "fires-second-bl-shows-boxes", s)

    # X-GROSS-WEIGHT ----------------------------------------------------------------------
    r = "X-GROSS-WEIGHT"
    write(r, "passes-25344-everywhere", base())
    # The carrier's B/L shows 25343.8 kg; every other document whole kilos 25344.
    s = base()
    for doc in (s["invoice"], s["packing_list"], s["certificate_of_origin"], s["shipping_advice"]):
        doc["gross_weight_kg"] = "25344"
    bl = s["bills_of_lading"][0]
    bl["gross_weight_kg"] = "25343.8"
    bl["containers"][0]["gross_weight_kg"] = "25343.8"
    write(r, "passes-edge-bl-25343-8-others-25344", s)
    s = base()
    bl = s["bills_of_lading"][0]
    bl["gross_weight_kg"] = "25345"
    bl["containers"][0]["gross_weight_kg"] = "25345"
    write(r, "fires-beyond-bl-one-kg-more", s)
    write(r, "passes-two-bls-summed", split_in_two(base()))
    s = split_in_two(base())
    s["bills_of_lading"][1]["gross_weight_kg"] = "12472.00"
    s["bills_of_lading"][1]["containers"][0]["gross_weight_kg"] = "12472.00"
    write(r, "fires-two-bls-sum-200-kg-short", s)

    # X-NET-WEIGHT ------------------------------------------------------------------------
    r = "X-NET-WEIGHT"
    write(r, "passes-23760-everywhere", base())
    s = base()
    s["invoice"]["net_weight_kg"] = "23759.8"
    s["packing_list"]["net_weight_kg"] = "23760"
    s["shipping_advice"]["net_weight_kg"] = "23760"
    write(r, "passes-edge-invoice-23759-8-others-23760", s)
    s = base()
    s["shipping_advice"]["net_weight_kg"] = "23761.00"
    write(r, "fires-beyond-shipping-advice-one-kg-more", s)
    s = base()
    s["certificate_of_origin"]["net_weight_kg"] = "23670.00"
    write(r, "fires-certificate-of-origin-digits-swapped", s)

    # PL-ARITH ----------------------------------------------------------------------------
    r = "PL-ARITH"
    write(r, "passes-adds-up", base())
    s = base()
    s["packing_list"]["lines"][0]["gross_weight_kg"] = "25344.01"
    write(r, "passes-edge-line-gross-0-01-kg-off", s)
    s = base()
    s["packing_list"]["lines"][0]["gross_weight_kg"] = "25344.02"
    write(r, "fires-beyond-line-gross-0-02-kg-off", s)
    s = split_in_two(base())
    s["packing_list"]["containers"][1]["packages"] = 661
    write(r, "fires-containers-hold-one-carton-more", s)
    s = split_in_two(base())
    s["packing_list"]["lines"][1]["net_per_package_kg"] = "18.50"
    write(r, "fires-second-line-net-per-carton-wrong", s)
    s = base()
    s["packing_list"] = None
    write(r, "na-no-packing-list", s)

    # PL-GW-LT-NW -------------------------------------------------------------------------
    r = "PL-GW-LT-NW"
    write(r, "passes-gross-above-net", base())
    s = base()
    s["invoice"]["net_weight_kg"], s["invoice"]["gross_weight_kg"] = "25344.00", "23760.00"
    write(r, "fires-invoice-weights-swapped", s)
    s = base()
    s["certificate_of_origin"]["net_weight_kg"] = "25344.00"
    write(r, "passes-edge-co-gross-equals-net", s)
    s = base()
    line = s["packing_list"]["lines"][0]
    line["gross_per_package_kg"], line["net_per_package_kg"] = "18.00", "19.20"
    line["gross_weight_kg"], line["net_weight_kg"] = "23760.00", "25344.00"
    write(r, "fires-packing-list-line-weights-swapped", s)

    # X-MARKS -----------------------------------------------------------------------------
    r = "X-MARKS"
    write(r, "passes-same-marks", base())
    s = base()
    s["bills_of_lading"][0]["marks"] = "N/M"
    write(r, "fires-bl-shows-no-marks", s)
    s = base()
    s["certificate_of_origin"]["marks"] = "RFI/25-181 ROTTERDAM C/NO. 1-1320"
    write(r, "fires-co-reference-digits-swapped", s)
    s = base()
    s["packing_list"]["marks"] = "rfi/25-118\nRotterdam\nC/NO. 1-1320"
    s["bills_of_lading"][0]["marks"] = "RFI/25-118  ROTTERDAM  C/NO 1-1320"
    write(r, "passes-line-breaks-case-and-dots", s)
    s = base()
    for doc in (s["invoice"], s["packing_list"], s["bills_of_lading"][0], s["certificate_of_origin"]):
        doc["marks"] = "N/M"
    write(r, "passes-n-m-everywhere", s)
    s = base()
    s["invoice"]["marks"] = "N/M"
    s["packing_list"]["marks"] = "NO MARKS"
    s["bills_of_lading"] = []
    s["certificate_of_origin"]["marks"] = None
    write(r, "fires-n-m-against-no-marks", s)


if __name__ == "__main__":
    main()


def too_large():
    """Figures too large to compute: the rule is not applicable, never a panic."""
    # Two B/Ls of 4294967295 and 1 packages: the sum is beyond a package count.
    s = split_in_two(base())
    s["bills_of_lading"][0]["packages_total"] = 4294967295
    write("X-PKG-COUNT", "na-bl-packages-too-large-to-add-up", s)
    # Two B/Ls whose gross weights add up beyond a decimal.
    s = split_in_two(base())
    for bl in s["bills_of_lading"]:
        bl["gross_weight_kg"] = "79228162514264337593543950335"
    write("X-GROSS-WEIGHT", "na-bl-weights-too-large-to-add-up", s)
    # packages x net per package beyond a decimal.
    s = base()
    s["packing_list"]["lines"][0]["net_per_package_kg"] = "79228162514264337593543950335"
    write("PL-ARITH", "na-line-weight-too-large-to-compute", s)


if __name__ == "__main__":
    too_large()


if __name__ == "__main__":
    # X-GROSS-WEIGHT: a sum of B/L weights is as precise as the coarsest of them.
    r = "X-GROSS-WEIGHT"
    s = split_in_two(base())
    for bl, w in zip(s["bills_of_lading"], ("12672", "12671.60")):
        bl["gross_weight_kg"] = w
        bl["containers"][0]["gross_weight_kg"] = w
    write(r, "passes-edge-two-bls-12672-and-12671-60", s)
    s = split_in_two(base())
    for bl, w in zip(s["bills_of_lading"], ("12672", "12672.60")):
        bl["gross_weight_kg"] = w
        bl["containers"][0]["gross_weight_kg"] = w
    write(r, "fires-beyond-two-bls-12672-and-12672-60", s)

    # X-MARKS: the carrier adds container and seal numbers to the B/L marks (ISBP 745 E).
    r = "X-MARKS"
    s = base()
    s["bills_of_lading"][0]["marks"] = "RFI/25-118 ROTTERDAM C/NO. 1-1320 OSLU5120641/OSL2508817"
    write(r, "passes-bl-adds-container-and-seal", s)
    s = base()
    s["bills_of_lading"][0]["marks"] = (
        "RFI/25-118\nROTTERDAM\nC/NO. 1-1320\nCONTAINER NO. OSLU 512064-1\nSEAL NO.: OSL2508817")
    write(r, "passes-bl-adds-labelled-container-and-seal", s)
    s = base()
    s["bills_of_lading"][0]["marks"] = "RFI/25-118 ROTTERDAM C/NO. 1-1320 CSQU3054383/OSL2508817"
    write(r, "fires-bl-adds-a-container-not-in-the-set", s)
    s = base()
    s["bills_of_lading"][0]["marks"] = "RFI/25-181 ROTTERDAM C/NO. 1-1320 OSLU5120641/OSL2508817"
    write(r, "fires-bl-reference-digits-swapped-beside-container", s)
