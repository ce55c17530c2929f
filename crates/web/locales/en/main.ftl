# Gendan interface text, English. Keep the keys identical to zh-CN/main.ftl (a test checks).

nav-dashboard = Dashboard
nav-parties = Parties
nav-audit = Audit trail
nav-api = API
nav-logout = Sign out
lang-other = 中文
lang-switch-title = 切换到中文

login-title = Sign in
login-intro = Gendan follows each export order from contract to cash.
login-email = E-mail
login-password = Password
login-submit = Sign in
login-failed = E-mail or password is wrong.
login-throttled = Too many failed sign-ins for this e-mail. Wait 15 minutes and try again.

dashboard-title = Dashboard
dashboard-parties = Parties by kind
dashboard-coming = Coming next
dashboard-coming-intro = Orders will follow these stages here as they are built; today Gendan keeps your parties and the audit trail.
stage-contract = Sales contract
stage-instruction = Instruction
stage-production = Production
stage-shipment = Booking and shipment
stage-documents = Documents
stage-dispatch = Dispatch
stage-collection = Collection
stage-closed = Closed

parties-title = Parties
parties-new = New party
parties-edit = Edit party
parties-search = Search names (Chinese or Latin)…
parties-kind = Kind
parties-all-kinds = All kinds
parties-filter = Filter
parties-none = No parties match.
parties-count = { $count } parties
parties-back = Back to parties
parties-conflict = Someone else saved this party in the meantime (now version { $version }). Your values are kept below: open the party in another tab to see theirs, or save again to put yours over them.
parties-in-use = This party is in use and cannot be deleted
parties-delete-confirm = Delete this party?

party-name = Name
party-name_zh = Chinese name
party-name_latin = Name (Latin script)
party-country = Country / city
party-contact = Contact
party-created = Created
party-basics = Party
party-bic = SWIFT BIC
party-bic-hint = Banks only: 8 or 11 characters (ISO 9362).
party-customer = Belongs to customer
party-customer-hint = For consignees and notify parties.
party-address = Address
party-addresses = Addresses
party-contacts = Contacts
party-notes = Notes
party-version = Version
party-belonging = Consignees and notify parties

address-label = Label (registered, warehouse…)
address-line1 = Street
address-line2 = Street (2)
address-city = City
address-region = Province / state
address-postal_code = Postal code
address-country = Country (ISO 3166 code)

contact-name = Name
contact-email = E-mail
contact-phone = Phone
contact-messenger = WeChat / WhatsApp / …

kind-customer = Customer
kind-consignee = Consignee
kind-notify_party = Notify party
kind-forwarder = Forwarder
kind-carrier = Carrier
kind-bank = Bank
kind-courier = Courier
kind-supplier = Supplier

role-admin = Administrator
role-sales_manager = Sales manager
role-merchandiser = Merchandiser
role-documentation = Documentation
role-shipping = Shipping
role-finance = Finance
role-production = Production
role-viewer = Viewer

form-cancel = Cancel
form-save = Save
form-edit = Edit
form-delete = Delete
form-has-errors = Please correct the fields marked below. Nothing was saved.

pager-first = First page
pager-next = Next page

history-title = History
history-none = No changes recorded.
history-field = Field
history-before = Before
history-after = After

action-create = Created
action-update = Changed
action-delete = Deleted
action-revoke = Revoked

account-title = My account
account-role = Role
account-tokens = API tokens
account-tokens-intro = Scripts and other programs use a token as "Authorization: Bearer …". Revoke a token you no longer use.
account-token-created = Your new token. Copy it now; it is not shown again:
account-token-name = Token name
account-token-create = Create token
account-token-expires = Expires
account-token-state = State
account-token-revoked = Revoked
account-token-active = Active
account-token-revoke = Revoke

audit-intro = Every change, newest first. Each event carries the hash of the one before it; "gendan audit verify" checks the chain.
audit-at = When
audit-actor = Who
audit-action = What
audit-entity = Record
audit-changes = Changes

error-internal_error = Something went wrong on our side; nothing was changed.
error-not_found = This record does not exist (any more).
error-version_conflict = Someone else changed this record in the meantime.
error-in_use = This record is in use and cannot be deleted.
error-duplicate = This value is already taken.
error-validation_failed = Some fields are invalid.
error-forbidden = Your role may not do this.
error-unauthorized = Please sign in.
error-too_many_login_attempts = Too many failed sign-ins. Try again later.
error-invalid_credentials = E-mail or password is wrong.

invalid-required = Required
invalid-too_long = Too long
invalid-too_short = Too short
invalid-control_characters = Contains control characters
invalid-not_chinese = Must be in Chinese characters
invalid-not_latin = Must be in Latin script
invalid-invalid_choice = Not one of the choices
invalid-invalid_bic = Not a valid SWIFT BIC
invalid-not_allowed = Not allowed here
invalid-invalid_country = Not an ISO 3166 country code
invalid-invalid_email = Not an e-mail address
invalid-invalid_phone = Not a phone number
invalid-not_found = Does not exist
invalid-not_a_customer = Not a customer
invalid-self_reference = Cannot refer to itself
invalid-in_use = In use
invalid-invalid_value = Invalid value
invalid-out_of_range = Out of range
invalid-invalid_cursor = Invalid page cursor
invalid-duplicate = Already taken
