# 跟单系统界面文字（简体中文）。键必须与 en/main.ftl 相同（有测试检查）。

nav-dashboard = 首页
nav-parties = 往来单位
nav-audit = 审计记录
nav-api = API
nav-logout = 退出
lang-other = English
lang-switch-title = Switch to English

login-title = 登录
login-intro = 跟单系统：从合同到收汇，跟踪每一笔出口订单。
login-email = 电子邮箱
login-password = 密码
login-submit = 登录
login-failed = 邮箱或密码错误。
login-throttled = 该邮箱登录失败次数过多，请 15 分钟后再试。

dashboard-title = 首页
dashboard-parties = 各类往来单位
dashboard-coming = 即将推出
dashboard-coming-intro = 订单将按以下环节逐步在此跟踪；目前系统管理往来单位和审计记录。
stage-contract = 销售合同
stage-instruction = 指令
stage-production = 生产跟踪
stage-shipment = 订舱与出运
stage-documents = 单证
stage-dispatch = 寄单
stage-collection = 收汇
stage-closed = 结案

parties-title = 往来单位
parties-new = 新建往来单位
parties-edit = 编辑往来单位
parties-search = 搜索名称（中文或英文）…
parties-kind = 类别
parties-all-kinds = 全部类别
parties-filter = 筛选
parties-none = 没有符合条件的往来单位。
parties-count = { $count } 个往来单位
parties-back = 返回往来单位列表
parties-conflict = 在您编辑期间，其他人已保存了该单位（当前版本 { $version }）。您的修改保留在下方：可在新标签页打开该单位查看对方的修改，或再次保存以您的内容覆盖。
parties-in-use = 该单位正在被引用，不能删除
parties-delete-confirm = 确定删除该往来单位？

party-name = 名称
party-name_zh = 中文名称
party-name_latin = 英文名称
party-country = 国家 / 城市
party-contact = 联系人
party-created = 创建日期
party-basics = 基本信息
party-bic = SWIFT 代码
party-bic-hint = 仅限银行：8 位或 11 位（ISO 9362）。
party-customer = 所属客户
party-customer-hint = 适用于收货人和通知人。
party-address = 地址
party-addresses = 地址
party-contacts = 联系人
party-notes = 备注
party-version = 版本
party-belonging = 收货人与通知人

address-label = 类型（注册地址、仓库…）
address-line1 = 街道地址
address-line2 = 街道地址（2）
address-city = 城市
address-region = 省 / 州
address-postal_code = 邮编
address-country = 国家（ISO 3166 代码）

contact-name = 姓名
contact-email = 电子邮箱
contact-phone = 电话
contact-messenger = 微信 / WhatsApp 等

kind-customer = 客户
kind-consignee = 收货人
kind-notify_party = 通知人
kind-forwarder = 货代
kind-carrier = 船公司
kind-bank = 银行
kind-courier = 快递公司
kind-supplier = 供应商

role-admin = 系统管理员
role-sales_manager = 销售经理
role-merchandiser = 跟单员
role-documentation = 单证员
role-shipping = 船务
role-finance = 财务
role-production = 生产
role-viewer = 只读用户

form-cancel = 取消
form-save = 保存
form-edit = 编辑
form-delete = 删除
form-has-errors = 请更正下面标出的字段。尚未保存任何内容。

pager-first = 第一页
pager-next = 下一页

history-title = 修改记录
history-none = 暂无修改记录。
history-field = 字段
history-before = 修改前
history-after = 修改后

action-create = 创建
action-update = 修改
action-delete = 删除
action-revoke = 撤销

account-title = 我的账户
account-role = 角色
account-tokens = API 令牌
account-tokens-intro = 脚本和其他程序以 "Authorization: Bearer …" 使用令牌。不再使用的令牌请撤销。
account-token-created = 新令牌如下，请立即复制；它不会再次显示：
account-token-name = 令牌名称
account-token-create = 创建令牌
account-token-expires = 到期
account-token-state = 状态
account-token-revoked = 已撤销
account-token-active = 有效
account-token-revoke = 撤销

audit-intro = 所有修改，最新的在前。每条记录都带有前一条的哈希值；"gendan audit verify" 可校验整条链。
audit-at = 时间
audit-actor = 操作人
audit-action = 操作
audit-entity = 记录
audit-changes = 修改内容

error-internal_error = 系统内部出错，未做任何修改。
error-not_found = 该记录不存在（或已删除）。
error-version_conflict = 在此期间其他人已修改该记录。
error-in_use = 该记录正在被引用，不能删除。
error-duplicate = 该值已被占用。
error-validation_failed = 部分字段无效。
error-forbidden = 您的角色无权执行此操作。
error-unauthorized = 请先登录。
error-too_many_login_attempts = 登录失败次数过多，请稍后再试。
error-invalid_credentials = 邮箱或密码错误。

invalid-required = 必填
invalid-too_long = 过长
invalid-too_short = 过短
invalid-control_characters = 含有控制字符
invalid-not_chinese = 必须为中文
invalid-not_latin = 必须为拉丁字母
invalid-invalid_choice = 不是可选值
invalid-invalid_bic = SWIFT 代码无效
invalid-not_allowed = 此处不允许
invalid-invalid_country = 不是 ISO 3166 国家代码
invalid-invalid_email = 电子邮箱格式错误
invalid-invalid_phone = 电话号码格式错误
invalid-not_found = 不存在
invalid-not_a_customer = 不是客户
invalid-self_reference = 不能引用自身
invalid-in_use = 正在使用中
invalid-invalid_value = 值无效
invalid-out_of_range = 超出范围
invalid-invalid_cursor = 分页参数无效
invalid-duplicate = 已被占用
