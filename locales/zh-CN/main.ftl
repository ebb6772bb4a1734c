# yingshang — 中文消息。每条消息都是 Telegram 的 HTML（控制台会去掉标签）。
# 参数由代码转义；这里不要放用户写的内容。

welcome =
    <b>欢迎使用营商环境投诉助手</b>——区里受理营商环境问题的渠道。
    请用您自己的话说说遇到了什么问题：政府部门欠款不还、审批超期、中介乱收费、执法检查没有依据……我会把它交给负责的部门，并一直跟踪到您得到答复。
privacy =
    <b>隐私说明：</b>您的投诉只交给负责的部门。选择匿名时，部门看不到您的姓名和联系方式。您随时可以查看、补充或撤回自己的投诉。
choose-lang = 请选择语言：
lang-set = 已切换为中文。准备好了就直接描述您的问题，或发送 /help 查看帮助。
help =
    <b>使用说明</b>
    直接写下发生了什么就行：谁、什么事、从什么时候开始。每条消息最多 { $limit } 字，可以附照片和文件。
    /new — 提交新的投诉
    /my — 我的投诉
    /status <i>编号</i> — 查看某件投诉的进度和记录
    /add <i>编号</i> — 补充材料或文件
    /withdraw <i>编号</i> — 撤回投诉
    /lang — 切换语言
    /cancel — 放弃正在填写的投诉
    <b>受理的七类问题</b>
    { $categories }
ask-description = 请用您自己的话描述问题：涉及哪个单位、发生了什么、从什么时候开始。也可以发照片或文件。
text-empty = 这条消息是空的，请用文字描述一下问题。
text-too-long = 您的消息有 { $length } 字，一条消息最多 { $max } 字。请先发送主要内容，提交后可以用 /add 补充其余部分。
media-not-text = 我只能读取文字、照片和文件。请打字描述（语音、表情和位置无法作为投诉提交）。
attachment-kept = 文件已收到。请再用文字描述一下问题。
unknown-command = 没有 /{ $command } 这个命令。发送 /help 查看可用的命令。
proposal = 建议归入<b>{ $category }</b>，由<b>{ $department }</b>办理。
proposal-chosen = 您选择了<b>{ $category }</b>，将由<b>{ $department }</b>办理。
proposal-reason = 依据：您提到了“{ $terms }”
proposal-no-reason = 这是根据全文作出的判断，请您核对。
proposal-conflict = ⚠️ 您反映的是该部门自身工作人员的问题，因此改由<b>{ $handler }</b>办理——任何部门都不审查自己人的问题。
choose-category = 请选择最符合的一类：
out-of-scope-intro = 这条消息看起来不属于营商环境投诉，所以暂未提交。
oos-greeting = 您好！准备好了就请描述您在政府部门、审批、执法检查、收费或公平竞争方面遇到的问题。
oos-consultation = 咨询类问题（怎么办理、上班时间、有哪些政策）建议到政务服务大厅或拨打 12345 热线咨询。
oos-consumer = 作为消费者与商家、私营服务机构的纠纷，请拨打消费者投诉热线 12315。
oos-wages = 私营老板拖欠工资，请向劳动保障监察部门反映（热线 12333）。
oos-private-debt = 个人或企业之间的欠款属于民事纠纷，可以申请调解或向法院起诉；律师或法律援助中心可以为您提供建议。
oos-neighbour = 邻里纠纷和噪音问题请拨打 12345，紧急情况请拨打 110。
oos-spam = 这看起来是广告信息。本渠道只受理营商环境方面的投诉。
out-of-scope-insist = 如果确实涉及政府部门或营商环境，您仍然可以提交。
ask-anonymity = 您愿意留下姓名和联系方式，还是匿名？匿名时，办理部门看不到您的姓名和联系方式（答复仍会发到这里）。
ask-company = 请告诉我企业名称（最多 { $max } 字），不想填写请点“跳过”。
company-invalid = 企业名称为空或太长（最多 { $max } 字）。请重新发送，或点“跳过”。
ask-phone = 方便部门联系您的电话？不想留请点“跳过”。
phone-invalid = 这不像是电话号码。请发送例如 13812345678 或 024-12345678，或点“跳过”。
ask-attachments = 现在可以发送照片或文件作为证据（最多 { $max } 个）。发完了或者没有的话，请点<b>提交</b>。
attachment-added = 已收到文件（共 { $count } 个）。
attachments-too-many = 一件投诉最多 { $max } 个文件。提交后可以用 /add 继续补充。
filed =
    ✅ <b>投诉已提交。</b>
    编号：<b>{ $tracking }</b>
    类别：{ $category }
    办理单位：{ $department }
    附件：{ $files } 个
    请于 { $accept } 前签收，{ $resolve } 前办结（{ $resolve_days } 个工作日）。随时可以用 /status { $tracking } 查看进度。
filed-anonymous = 您选择了匿名：办理部门看不到您的姓名和联系方式。
filed-conflict = 由于涉及该部门自身工作人员，由{ $handler }办理。
cancelled = 已取消，没有提交任何内容。
nothing-to-cancel = 目前没有可以取消的内容。
daily-limit = 您今天已经提交了 { $limit } 件投诉，已达到每人每天的上限。请明天再提交，或用 /add 给已有的投诉补充材料。
stale-button = 这个按钮属于之前的步骤，已经失效。请按最新的消息继续。
my-empty = 您还没有提交过投诉。直接描述问题就可以开始。
my-header = <b>我的投诉</b>（显示 { $shown } 件，共 { $total } 件）：
my-line =
    <b>{ $tracking }</b> · { $status } · { $department } · { $date }
    “{ $text }”
status-usage = 请写上投诉编号，例如 /status YS-20261125-0042
not-found = 没有找到您名下编号为 { $number } 的投诉，请核对编号；/my 可以列出您的全部投诉。
status-card =
    <b>{ $tracking }</b> — { $status }
    类别：{ $category }
    办理单位：{ $department }
    提交时间：{ $date } · 匿名：{ $anonymous } · 附件：{ $files } 个
    <i>{ $text }</i>
history-line = { $at } — { $what }
add-usage = 请写上投诉编号，例如 /add YS-20261125-0042（补充内容可以直接写在后面）。
add-ask = 要给 { $tracking } 补充什么？请发送文字、照片或文件。
add-done = 已补充到 { $tracking }，办理部门会和投诉一起看到。
withdraw-usage = 请写上投诉编号，例如 /withdraw YS-20261125-0042
withdraw-confirm = 确定撤回投诉 { $tracking } 吗？撤回后部门将停止办理。
withdraw-done = 投诉 { $tracking } 已撤回。
withdraw-kept = { $tracking } 继续办理。
draft-in-progress = 您有一件投诉还没填完。请用上面的按钮完成，或先发送 /cancel 放弃。
error-generic = 抱歉，系统出了点问题。您发送的内容没有丢失，请稍后再试。
anonymous-person = 匿名
no-contact = 未留联系方式
handler-leadership = 区领导
btn-confirm = ✅ 对，就这样提交
btn-other-category = 选择其他类别
btn-cancel = 取消
btn-file-anyway = 仍然提交
btn-anonymous = 匿名提交
btn-named = 留下姓名和联系方式
btn-skip = 跳过
btn-done = 提交
btn-withdraw = 确定撤回
btn-keep = 不撤回
yes = 是
no = 否
cat-development = 政通人和·经济发展环境（推诿扯皮、不理不睬、承诺的服务不落实、办证难）
cat-credit = 履约践诺·信用环境（政府欠款、补贴不兑现）
cat-enforcement = 文明规范·执法环境（乱罚款、程序不规范、扣押没收无手续）
cat-approval = 阳光便捷·审批环境（审批超期、来回跑、多要材料、办事指南有误）
cat-supervision = 简约高效·监管环境（重复检查、多头检查、预付卡跑路、食品安全）
cat-intermediary = 中立诚信·中介环境（中介乱收费、指定中介、报告拖延）
cat-competition = 公平竞争·经营环境（公房涨租、歧视、地方保护、招投标不公）
cat-none = 非营商环境投诉
status-submitted = 待签收
status-accepted = 办理中
status-awaiting_info = 等待您补充材料
status-resolved = 已答复，待您评价
status-closed = 已办结
status-rejected = 不予受理
status-withdrawn = 已撤回
status-reopened = 重新办理中
event-filed = 提交投诉
event-add_info = 您补充了：{ $text }{ $files ->
        [0] {""}
       *[other] （{ $files } 个文件）
    }
event-add_files = 您补充了 { $files } 个文件
event-withdraw = 您撤回了投诉
event-accept = 部门已签收
event-return = 部门退单，由督办人员重新派单
event-dispatch = 派单至{ $department }
event-transfer = 转办至{ $department }：{ $reason }
event-request_info = 部门请您补充：{ $question }
event-request_extension = 部门申请延期
event-decide_extension = 延期申请已处理
event-resolve = 答复：{ $reply }
event-reject = 不予受理：{ $reason }
event-rate = 您评价：{ $rating ->
        [satisfied] 满意
        [basically_satisfied] 基本满意
       *[not_satisfied] 不满意
    }
event-auto_close = 3 个工作日内未评价，已办结
event-internal = 部门内部处理
cmd-new = 提交新的投诉
cmd-my = 我的投诉
cmd-status = 查看进度：/status 编号
cmd-add = 补充材料：/add 编号
cmd-withdraw = 撤回投诉：/withdraw 编号
cmd-lang = 语言 / Language
cmd-help = 使用说明
cmd-cancel = 放弃正在填写的投诉
console-banner = 营商环境投诉助手（控制台）——在终端里进行和机器人一样的对话。直接描述问题即可投诉；/help 查看命令；按钮用编号回答；":photo 名称" 或 ":file 名称" 表示发送文件（名称后面的文字是文件说明，例如 ":photo 发票.jpg /add YS-20261125-0042"）；Ctrl-D 退出。
console-button-hint = （请回复编号）
merge-offer = 这看起来和您尚未办结的投诉 <b>{ $tracking }</b> 是同一件事。要把这次的内容补充到那件投诉里（避免重复计算），还是作为新投诉提交？
btn-merge = 补充到 { $tracking }
btn-file-new = 作为新投诉提交
merge-target-closed = { $tracking } 在此期间已经答复或办结，您这次的内容将作为新投诉提交。
draft-full = 您的描述已达到一件投诉最多的 { $max } 字，这部分没有加进去。提交后可以用 /add 补充其余内容。
add-more = 还可以继续发送文件，发完请点“完成”。
add-finished = 已完成对 { $tracking } 的补充。
btn-done-adding = 完成
stopped = 好的，已停止。
draft-set-aside = 您一天多以前有一件投诉没有填完（“{ $text }…”），它没有提交。这条新消息将作为新的投诉处理；如果之前那件事仍需反映，请重新发送。
files-set-aside = 您一天多以前发来的 { $count } 个文件没有附文字说明，没有提交。这条新消息将作为新的投诉处理。
edit-ignored = 修改过的消息我读不到。如需更正或补充，请重新发送；已提交的投诉请用 /add 编号 补充。
resumed = 您有一件投诉还没填完（“{ $text }”），我们接着上次的步骤：
reask = 没看懂这条回复。请点下面的按钮（也可以直接回复按钮上的字）；要补充描述的话，请写完整的一句话。
reask-adding = 请发送要补充的文字、照片或文件；补充完了请点“完成”或发送 /cancel。
small-talk-greeting = 您好！我是营商环境投诉助手。遇到政府部门欠款、审批超期、乱收费、执法检查不规范等问题，直接用一两句话告诉我就行。
small-talk-thanks = 不客气！有问题随时直接描述，我会交给负责的部门。
small-talk-prompt = 请用一两句话描述您遇到的问题：涉及哪个单位、发生了什么。发送 /help 查看说明。
how-to =
    <b>怎么投诉：</b>直接在这里写下发生了什么就行——涉及哪个单位、什么事、从什么时候开始。
    我会建议类别和负责的部门，您确认后可以选择留名或匿名，再附上照片或文件，最后得到一个投诉编号，用它随时查看进度。
    发送 /help 查看全部命令。
added-to-draft = 已补充到描述中：“{ $text }”
btn-undo = ↩️ 撤销这次补充
undone = 已撤销刚才的补充。
ask-name = 办理部门会看到您的名字：<b>{ $name }</b>（您在 Telegram 上的名字）。可以用这个名字，也可以直接回复另一个名字。
ask-name-type = 请回复您希望办理部门看到的名字；不想留名字请点“不留名字”。
btn-use-name = 用“{ $name }”
btn-no-name = 不留名字
name-invalid = 名字为空或太长（最多 { $max } 字）。请重新发送，或点“不留名字”。
ask-mask = ⚠️ 您选择了匿名，但描述里有{ $found }。办理部门会看到描述原文。要把这些内容隐去（用 * 代替）再提交吗？
privacy-phone = 电话号码 { $value }
privacy-id-card = 身份证号 { $value }
privacy-name = 您的名字 { $value }
btn-mask = 隐去后提交
btn-keep-text = 保持原样提交
list-separator = 、
filed-named = 办理部门将看到：{ $who }
merge-quote = 那件投诉（{ $date }）：“{ $text }”
merge-done = 已把这次的内容补充到 { $tracking }，办理部门会和原投诉一起看到。
add-not-open = { $status ->
        [withdrawn] { $tracking } 已经撤回，不能再补充。如果问题仍然存在，请重新描述提交。
        [resolved] { $tracking } 已经答复，正在等您评价，不能再补充。如果问题没有解决，请重新描述提交。
        [closed] { $tracking } 已经办结，不能再补充。如果问题仍然存在，请重新描述提交。
        [rejected] { $tracking } 已不予受理，不能再补充。
       *[other] { $tracking } 现在不能补充。
    }
withdraw-not-open = { $status ->
        [withdrawn] { $tracking } 已经撤回了，不用再撤回。
        [resolved] { $tracking } 已经答复，正在等您评价，不能撤回。
        [closed] { $tracking } 已经办结，不能撤回。
        [rejected] { $tracking } 已不予受理，不能撤回。
       *[other] { $tracking } 现在不能撤回。
    }
console-no-such-button = 没有这个编号的按钮：请回复 1 到 { $max } 之间的数字，或直接打字。

# oos kinds added by the classifier work
oos-landlord = 与私人房东之间的纠纷（押金不退、涨房租、要求搬走等）属于民事纠纷，可以申请调解或向法院起诉；房屋租赁市场方面的问题，可以拨打住房和城乡建设局（房管部门）的热线或 12345 反映。如果房东是街道办事处、政府部门或国有企业，可以在这里提交。

# Staff side: cards, queues, cases, prompts, refusals; what the complainant is told.
card =
    📋 <b>{ $tracking }</b> · { $category }
    状态：<b>{ $status }</b> · 办理：{ $handler } · 经办人：{ $assignee }
    投诉人：{ $who } · 提交：{ $date }
    “{ $text }”
card-additions = 补充 { $count } 次
card-files = 附件 { $count } 个
card-returns = ⚠️ 退单 { $count } 次
card-conflict = ⚠️ 涉及被投诉部门自身，由督办人员办理
card-reopened = 🔁 重办
nobody = 未指派
btn-accept = ✅ 签收
btn-return = ↩️ 退单
btn-transfer = ➡️ 转办
btn-assign = 👤 指派
btn-reject = 🚫 不予受理
btn-resolve = 💬 答复办结
btn-ask-info = ❓ 要求补充
btn-note = 📝 备注
btn-dispatch = 📤 派单
btn-details = 📄 详情
btn-previous = ◀️ 上一页
btn-next = 下一页 ▶️
btn-queue-all = 全部
btn-queue-mine = 我的
btn-queue-unassigned = 未指派
btn-queue-waiting = 等待补充
btn-rate-satisfied = 😊 满意
btn-rate-basically = 🙂 基本满意
btn-rate-not = 😞 不满意
pick-transfer = 把 { $tracking } 转办给哪个部门？
pick-return = 退单 { $tracking }：应该由哪个部门办理？（督办人员会据此重新派单）
pick-dispatch = 把 { $tracking } 派给哪个部门？
pick-assignee = 把 { $tracking } 指派给谁？
no-colleagues = 这个部门还没有登记的工作人员可以指派。
ask-return-reason = { $who }，请回复这条消息，写明 { $tracking } 的退单理由和依据（建议转给{ $department }）。
ask-question = { $who }，请回复这条消息，写下要投诉人补充的内容（{ $tracking }）。投诉人回复前，办理时限暂停计算。
ask-note = { $who }，请回复这条消息，写下 { $tracking } 的内部备注（投诉人看不到）。
ask-transfer-reason = { $who }，请回复这条消息，写明把 { $tracking } 转办给{ $department }的理由。
ask-reply = { $who }，请回复这条消息，写下给投诉人的答复（{ $tracking }）。答复以部门名义发出。
ask-reject-reason = { $who }，请回复这条消息，写明 { $tracking } 不予受理的理由（会告知投诉人）。
prompt-not-yours = 这条提示是给按下按钮的同事的，请用卡片上的按钮自己操作。
prompt-expired = 这条提示已过期，请重新按卡片上的按钮。
done-action = ✅ { $tracking }：{ $what }
details-shown = 详情已发出
refuse-gone = 没有这件投诉。
refuse-not-allowed = 您没有处理这件投诉的权限。
refuse-not-now = 这件投诉现在是“{ $status }”，不能这样处理。
refuse-faster = { $who } 刚刚已经{ $what }，请看最新的卡片。
refuse-changed = 这件投诉刚刚有了变化（{ $what }），请看最新的卡片。
refuse-empty = 需要写明理由或内容，不能为空。
refuse-same-department = 不能转办给正在办理的同一个部门。
refuse-extension-days = 延期须为 1 到 15 个工作日。
refuse-anonymous-admin = 请以个人身份操作（关闭“匿名管理员”）：每一步都要记录是谁处理的。
staff-only = 只有登记的部门工作人员和督办人员可以使用这个命令。
staff-help =
    <b>部门群里可以这样用：</b>
    新投诉以卡片出现，按卡片上的按钮签收、退单、转办、指派、要求补充、备注、答复或不予受理；需要文字时按提示回复那条消息即可。
    /queue — 本部门待办（/queue mine、/queue unassigned、/queue waiting）
    /case 编号 — 查看投诉全文和全部记录
queue-usage = 用法：/queue，或 /queue mine（我的）、unassigned（未指派）、waiting（等待补充）；督办人员可用 /queue 部门代码。
queue-other-department = 您只能查看本部门的待办。
queue-header = <b>{ $whose } · 待办 { $total } 件</b>（第 { $page }/{ $pages } 页）
queue-empty = 没有待办的投诉。
queue-line = { $tracking } · { $status } · { $handler } · { $date } · { $text }
all-departments = 全部部门
case =
    📄 <b>{ $tracking }</b> · { $category }
    状态：{ $status } · 办理：{ $handler }
    投诉人：{ $who } · 提交：{ $date } · 附件 { $files } 个
    { $text }
    <b>全部记录</b>
case-event = { $at } · { $who } · { $what }
case-event-said = { $at } · { $who } · { $what }：{ $detail }
case-not-found = 没有找到 { $number }，或者您无权查看。
complainant = 投诉人
system = 系统
notice-assigned = 👤 { $tracking } 指派给您办理。
supervisors-ping-pong = ⚠️ { $tracking } 已被退单 { $count } 次，请督办人员确定办理部门。
supervisors-reopened = 🔁 { $tracking } 投诉人不满意，已重新交{ $department }办理（重办）。
tell-accepted = 【{ $department }】已签收您的投诉 { $tracking }，正在办理。
tell-info-requested =
    【{ $department }】办理您的投诉 { $tracking } 需要您补充：
    { $question }
    请直接回复，或发送 /add { $tracking } 加上补充内容或文件。您补充之前，办理时限暂停计算。
tell-transferred = 您的投诉 { $tracking } 已转交【{ $department }】办理。
tell-resolved =
    【{ $department }】答复您的投诉 { $tracking }：
    { $reply }
    您对这个答复满意吗？
tell-rejected =
    【{ $department }】认为您的投诉 { $tracking } 不属于本渠道受理范围：
    { $reason }
tell-auto-closed = 您的投诉 { $tracking } 答复后 3 个工作日内没有评价，已办结。如果问题仍未解决，可以重新提交。
kind-filed = 提交
kind-accept = 签收
kind-return = 退单
kind-dispatch = 派单
kind-transfer = 转办
kind-request_info = 要求补充
kind-add_info = 投诉人补充
kind-note = 备注
kind-assign = 指派
kind-request_extension = 申请延期
kind-decide_extension = 审批延期
kind-resolve = 答复
kind-reject = 不予受理
kind-withdraw = 撤回
kind-rate = 评价
kind-auto_close = 自动办结
notice-added = 📎 { $tracking } 投诉人补充：{ $text }{ $files ->
        [0] {""}
       *[other] （{ $files } 个文件，/case { $tracking } 查看）
    }
notice-added-files = 📎 { $tracking } 投诉人补充了 { $files } 个文件（/case { $tracking } 查看）
answer-offer = 办理部门正在等您补充投诉 <b>{ $tracking }</b> 的情况。这条消息是给它的答复吗？
btn-send-answer = 作为答复发给部门
answer-sent = 已把您的答复发给 { $tracking } 的办理部门，办理时限恢复计算。
rate-thanks = 谢谢您的评价！投诉 { $tracking } 已办结。
rate-reopened = 很抱歉答复没能解决问题。{ $tracking } 已重新交{ $department }办理（重办），督办人员会跟进。
rate-escalated = 很抱歉问题仍未解决。{ $tracking } 已办结，您的意见已转给督办人员。
rate-not-open = { $status ->
        [closed] { $tracking } 已经办结（已评价或超过评价期限）。
        [reopened] { $tracking } 正在重新办理，答复后可以再评价。
       *[other] { $tracking } 现在不能评价。
    }
supervisors-still-unsatisfied = ⚠️ { $tracking } 重办后投诉人仍不满意，请督办人员处理。
refuse-not-a-colleague = 只能指派给本部门登记的工作人员。
supervisors-group-lost = ⚠️ 无法再向{ $department }的群发送消息（机器人被移出或群已解散），新投诉的卡片送不到。请把机器人加回群里，或在新群里发送 /bind { $code }。

# organisation
org-admins-only = 只有管理员可以这样做。
org-private-only = 请在与我的私聊中发送 { $command }：邀请码只给一个人用，在群里大家都能看到。
appoint-staff = { $department }工作人员
appoint-lead = { $department }负责人
appoint-supervisor = 督办人员
invite-usage =
    用法：/invite 部门代码 [staff|lead]（部门工作人员或负责人），或 /invite supervisor（督办人员）。
    部门代码：{ $codes }
invite-created =
    🎟 { $what }的一次性邀请码：<code>{ $code }</code>
    只能使用一次，有效期至 { $until }。
    请只交给本人；对方在与我的私聊中发送：<code>/join { $code }</code>
invite-link = 或打开链接：{ $link }
invite-used = ✅ { $who }（{ $id }）已使用您的邀请码，现为{ $what }。
join-usage = 请发送 /join 邀请码（管理员给您的那一串字符）。
join-invalid = 这个邀请码无效：可能输错了、已被使用或已过期（每个邀请码只能使用一次，24 小时内有效）。请向管理员要一个新的。
join-done-staff =
    ✅ 欢迎！您现在是{ $what }。
    本部门的新投诉会以卡片形式出现在部门群里。/queue 列出本部门未办结的投诉（私聊或群里均可），/case 编号 查看一件投诉的全部内容。
join-done-supervisor =
    ✅ 欢迎！您现在是{ $what }。
    您可以查看所有队列（/queue all、/queue 部门代码），重新派发被退回的投诉，审批延期；/case 编号 查看一件投诉的全部内容。
bind-in-group = 请在要接收该部门投诉的群里发送 /bind 部门代码（先把我拉进群），不要在这里发送。
bind-usage =
    用法：在本群发送 /bind 部门代码，代码为：{ $codes }。
    /bind supervisors 设为督办群，/bind leadership 设为领导群。
bind-done = { $kind ->
        [supervisors] ✅ 本群现为督办群：退单、延期申请、升级督办和每周统计将发到这里。
        [leadership] ✅ 本群现为领导群：超期通报和督办之上的升级将发到这里。
       *[other] ✅ 本群现在接收{ $department }的投诉：每件投诉以带按钮的卡片显示。
    }
bind-moved = 本群不再接收{ $department }的投诉。
bind-replaced = 该部门原来的群（{ $chat }）不再接收其投诉。
staff-list-refused = 只有管理员和督办人员可以查看人员名单。
staff-list-usage = 用法：/staff，或 /staff 部门代码，代码为：{ $codes }
staff-list-header = <b>人员与角色</b>
staff-list-supervisors = <b>督办人员</b>
staff-list-department = <b>{ $name }</b>（{ $code }）
staff-list-admins = <b>管理员</b>
staff-list-nobody = 暂无
staff-list-person = • { $name } · <code>{ $id }</code>{ $marks }
staff-list-lead = {" · "}负责人
staff-list-admin = {" · "}管理员
revoke-usage = 用法：/revoke Telegram-ID（/staff 显示的数字）。
revoke-unknown = 没有 ID 为 { $id } 的用户使用过本机器人。
revoke-no-role = { $name }（{ $id }）没有可撤销的角色。
revoke-done = { $name }（{ $id }）不再是{ $what }，已恢复为普通投诉人。已指派给其的投诉仍保持指派，请在卡片上重新指派。
bot-back = 我回到本群了；本群仍接收{ $department }的投诉。
bot-added-hint = 大家好！管理员在本群发送 /bind 部门代码，即可让本群接收该部门的投诉，代码为：{ $codes }。/bind supervisors 设为督办群，/bind leadership 设为领导群。
bot-removed = ⚠️ { $who } 把我移出了群“{ $title }”（{ $chat }）。该群接收{ $department }的投诉，现在卡片和通知都发不到那里。请把我重新拉进该群，或由管理员在另一个群里 /bind。
refuse-too-late = 时限已过，不能再这样处理（退单须在派单后 2 个工作日内，延期须在办结期限之前申请）。
due-provisional = （暂按法定节假日计算：该年放假安排尚未公布）
due-date = { $year }年{ $month }月{ $day }日 { $time }
status-deadline-resolve = 办结期限：{ $due }{ $fresh ->
        [yes] （重办，重新计算）
       *[no] {""}
    }
status-deadline-rating = 请于 { $due } 前评价，逾期视为办结
status-deadline-paused = 部门在等您补充材料，办理时限暂停计算
status-history = <b>办理记录</b>
card-limit = ⏱ { $limit ->
        [accept] 签收
       *[resolve] 办结
    }期限 { $due } · { $standing ->
        [overdue] 🔴 已超期 { $left }
        [warned] 🟡 剩 { $left }
       *[in_time] 🟢 剩 { $left }
    }
card-paused = ⏸ 等待投诉人补充，时限暂停
left-days-hours = { $days } 个工作日 { $hours } 小时
left-hours = { $hours } 小时
left-minutes = { $minutes } 分钟
alert-warning = ⏰ { $tracking } 的{ $limit ->
        [accept] 签收
       *[resolve] 办结
    }期限将至：{ $due }（剩 { $left }），请及时处理。
alert-chase = 🔔 催办：{ $tracking }（{ $department }）已超过{ $limit ->
        [accept] 签收
       *[resolve] 办结
    }期限 { $due }，请尽快办理。
alert-escalation = 📢 通报：{ $tracking }（{ $department }）超过{ $limit ->
        [accept] 签收
       *[resolve] 办结
    }期限 { $due } 已 5 个工作日，仍未{ $limit ->
        [accept] 签收
       *[resolve] 办结
    }。
digest-header = 📅 <b>{ $department } · 每日待办提醒</b>（{ $date }）
digest-overdue = 🔴 <b>已超期 { $count } 件</b>
digest-today = 🟡 <b>今天到期 { $count } 件</b>
digest-waiting = ⏸ <b>等待投诉人补充 { $count } 件</b>
digest-unassigned = 👤 <b>未指派 { $count } 件</b>
btn-extend = ⏳ 申请延期
btn-approve = ✅ 同意延期
btn-refuse = ❌ 不同意
ask-extension = { $who }，请回复这条消息：申请延期的工作日数和理由（{ $tracking }），例如“10 需要现场核实”。最多 15 个工作日，须在办结期限之前申请。
extension-usage = 请先写延期的工作日数，再写理由，例如“10 需要现场核实”。
extension-asked = ⏳ { $department } 申请 { $tracking } 延期 { $days } 个工作日（现期限 { $due }）。理由：{ $reason }
extension-approved = ✅ { $tracking } 的延期已批准：办结期限延至 { $new_due }。
extension-refused = ❌ { $tracking } 的延期申请未获批准，办结期限仍为 { $due }。
tell-extended = 【{ $department }】办理您的投诉 { $tracking } 需要更多时间，经督办人员同意，办结期限延至 { $due }。
left-days = { $days } 个工作日
