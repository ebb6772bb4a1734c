# yingshang — English messages. Every message is HTML for Telegram (the console strips tags).
# Arguments are escaped by the code; do not put user text here.

welcome =
    <b>Welcome to yingshang</b> — the district's channel for complaints about the business environment.
    Tell me in your own words what went wrong: a government body that does not pay what it owes, an approval past its time limit, fees an intermediary should not charge, an inspection without a basis… I will file it with the responsible department and follow it until you have an answer.
privacy =
    <b>Privacy.</b> Your complaint goes to the responsible department only. If you choose to stay anonymous, the department sees neither your name nor your contact details. You can see, add to or withdraw your complaints at any time.
choose-lang = Please choose your language:
lang-set = Language set to English. Describe your problem whenever you are ready, or send /help.
help =
    <b>How to use yingshang</b>
    Just write what happened, as you would tell a friend: who, what, since when. Up to { $limit } characters per message; photos and documents are welcome.
    /new — file a new complaint
    /my — your complaints
    /status <i>number</i> — status and history of one complaint
    /add <i>number</i> — add information or files
    /withdraw <i>number</i> — withdraw a complaint
    /lang — change language
    /cancel — stop the complaint you are writing
    <b>The seven kinds of problem taken here</b>
    { $categories }
ask-description = Please describe the problem in your own words: who, what happened, since when. You can add photos or documents.
text-empty = That message is empty. Please describe the problem in words.
text-too-long = Your message has { $length } characters; one message can take at most { $max }. Please send the main points first — after filing, you can add the rest with /add.
media-not-text = I can only read text, photos and documents. Please type your message (voice messages, stickers and locations cannot be filed).
attachment-kept = I have kept your file. Now please describe the problem in words.
unknown-command = I do not know the command /{ $command }. Send /help to see what I can do.
proposal = I would file this under <b>{ $category }</b>, handled by <b>{ $department }</b>.
proposal-chosen = You chose <b>{ $category }</b>; it will be handled by <b>{ $department }</b>.
proposal-reason = Because you mentioned: { $terms }
proposal-no-reason = This is my best guess from the whole text; please check it.
proposal-conflict = ⚠️ Your complaint concerns the conduct of that department's own officials, so it will be handled by <b>{ $handler }</b> instead — no department judges its own staff.
choose-category = Which of the seven areas fits best?
out-of-scope-intro = This does not look like a complaint about the business environment, so I have not filed it.
oos-greeting = Hello! When you are ready, describe the problem you have with a government body, an approval, an inspection, fees or competition — in your own words.
oos-consultation = For questions and consultations (how to apply, opening hours, which policies exist), the government service hall or the 12345 hotline can help you best.
oos-consumer = For disputes with a private shop or service as a consumer, please contact the consumer hotline 12315.
oos-wages = For wages that a private employer does not pay, please contact labour inspection (hotline 12333).
oos-private-debt = Debts between private persons or companies are a matter for mediation or the court; a lawyer or the legal aid centre can advise you.
oos-neighbour = For neighbour disputes and noise, please call 12345, or 110 in an emergency.
oos-spam = This looks like an advertisement. This channel only takes complaints about the business environment.
out-of-scope-insist = If it is about a government body or the business environment after all, you can still file it.
ask-anonymity = Do you want to give your name and contact, or stay anonymous? If anonymous, the department sees neither your name nor your contact details (you still get every answer here).
ask-company = Your company's name? (up to { $max } characters) — or press Skip.
company-invalid = That name is empty or too long (at most { $max } characters). Please send it again, or press Skip.
ask-phone = A phone number the department can call you on? — or press Skip.
phone-invalid = That does not look like a phone number. Please send e.g. 13812345678 or 024-12345678, or press Skip.
ask-attachments = You can now send photos or documents as evidence (up to { $max }). When you are done — or if you have none — press <b>File it</b>.
attachment-added = File received ({ $count } so far).
attachments-too-many = That is the most files one complaint can take ({ $max }). You can add more after filing with /add.
filed =
    ✅ <b>Your complaint is filed.</b>
    Tracking number: <b>{ $tracking }</b>
    Category: { $category }
    Handled by: { $department }
    Files: { $files }
    The department must accept it by { $accept } and resolve it by { $resolve } ({ $resolve_days } working days). Follow it any time with /status { $tracking }.
filed-anonymous = You filed anonymously: the department does not see your name or contact details.
filed-conflict = Because it concerns the department's own officials, { $handler } handles it.
cancelled = Cancelled. Nothing was filed.
nothing-to-cancel = There is nothing to cancel.
daily-limit = You have filed { $limit } complaints today, the most one person can file in a day. Please continue tomorrow, or add information to an existing complaint with /add.
stale-button = That button belongs to an earlier step and no longer applies. Please continue from the latest message.
my-empty = You have not filed any complaints yet. Just describe your problem to start.
my-header = <b>Your complaints</b> ({ $shown } of { $total }):
my-line =
    <b>{ $tracking }</b> · { $status } · { $department } · { $date }
    “{ $text }”
status-usage = Please give the tracking number, e.g. /status YS-20261125-0042
not-found = I cannot find a complaint of yours with the number { $number }. Please check it; /my lists your complaints.
status-card =
    <b>{ $tracking }</b> — { $status }
    Category: { $category }
    Handled by: { $department }
    Filed: { $date } · anonymous: { $anonymous } · files: { $files }
    <i>{ $text }</i>
history-line = { $at } — { $what }
add-usage = Please give the tracking number, e.g. /add YS-20261125-0042 (you can put the text after it).
add-ask = What would you like to add to { $tracking }? Send text, a photo or a document.
add-done = Added to { $tracking }. The department sees it with the complaint.
withdraw-usage = Please give the tracking number, e.g. /withdraw YS-20261125-0042
withdraw-confirm = Withdraw complaint { $tracking }? The department will stop handling it.
withdraw-done = Complaint { $tracking } is withdrawn.
withdraw-kept = { $tracking } stays open.
draft-in-progress = You are in the middle of writing a complaint. Finish it with the buttons above, or send /cancel to discard it first.
error-generic = Sorry, something went wrong on our side. Nothing you sent is lost; please try again in a minute.
anonymous-person = anonymous
no-contact = no contact details given
handler-leadership = the district leadership
btn-confirm = ✅ Yes, file it here
btn-other-category = Choose another category
btn-cancel = Cancel
btn-file-anyway = File it anyway
btn-anonymous = Stay anonymous
btn-named = Give my name and contact
btn-skip = Skip
btn-done = File it
btn-withdraw = Yes, withdraw
btn-keep = No, keep it
yes = yes
no = no
cat-development = Economic development (officials, support, certificates)
cat-credit = Credit (government debts, unpaid subsidies)
cat-enforcement = Law enforcement (fines, inspectors, confiscations)
cat-approval = Approvals (delays, extra documents, wrong guides)
cat-supervision = Supervision (repeated inspections, prepaid cards, food safety)
cat-intermediary = Intermediaries (fees, designated agencies, reports)
cat-competition = Fair competition (rents, discrimination, tenders)
cat-none = Not a business-environment complaint
status-submitted = waiting for the department to accept
status-accepted = being handled
status-awaiting_info = waiting for your information
status-resolved = answered — waiting for your rating
status-closed = closed
status-rejected = rejected
status-withdrawn = withdrawn
status-reopened = reopened, handled again
event-filed = filed
event-add_info = you added: { $text }{ $files ->
        [0] {""}
        [one] {" "}(1 file)
       *[other] {" "}({ $files } files)
    }
event-add_files = you added { $files ->
        [one] 1 file
       *[other] { $files } files
    }
event-withdraw = you withdrew it
event-accept = the department accepted it
event-return = the department returned it; the supervisors re-dispatch it
event-dispatch = dispatched to { $department }
event-transfer = transferred to { $department }: { $reason }
event-request_info = the department asks: { $question }
event-request_extension = the department asked for more time
event-decide_extension = the extension was decided
event-resolve = answered: { $reply }
event-reject = rejected: { $reason }
event-rate = you rated the answer: { $rating ->
        [satisfied] satisfied
        [basically_satisfied] basically satisfied
       *[not_satisfied] not satisfied
    }
event-auto_close = closed: no rating within 3 working days
event-internal = an internal step of the department
cmd-new = File a new complaint
cmd-my = Your complaints
cmd-status = Status of a complaint: /status number
cmd-add = Add information: /add number
cmd-withdraw = Withdraw a complaint: /withdraw number
cmd-lang = Language / 语言
cmd-help = How to use the bot
cmd-cancel = Stop the complaint you are writing
console-banner = yingshang console — the bot's conversation in your terminal. Describe a problem to file a complaint; /help lists the commands; answer buttons with their number; ":photo NAME" or ":file NAME" stands for sending a file (text after the name is its caption, e.g. ":photo receipt.jpg /add YS-20261125-0042"); Ctrl-D quits.
console-button-hint = (answer with a number)
merge-offer = This looks like the matter of your open complaint <b>{ $tracking }</b>. Shall I add what you wrote to it (so it is not counted twice), or file a new complaint?
btn-merge = Add to { $tracking }
btn-file-new = File as a new complaint
merge-target-closed = { $tracking } was answered or closed in the meantime, so I will file yours as a new complaint.
draft-full = Your description has reached { $max } characters, the most one complaint can hold; that part was not added. After filing, add the rest with /add.
add-more = You can send more files, or press Done.
add-finished = Finished adding to { $tracking }.
btn-done-adding = Done
stopped = OK, stopped.
draft-set-aside = You left a complaint unfinished more than a day ago (“{ $text }…”); it was not filed. I am taking your new message as a new complaint — if the old one still matters, please send it again.
files-set-aside = The { $count } file(s) you sent more than a day ago without a description were not filed. I am taking your new message as a new complaint.
edit-ignored = I cannot see edits to messages. To correct or add something, send it again; for a filed complaint use /add NUMBER.
resumed = You have a complaint you had not finished (“{ $text }”); let us go on where we stopped:
reask = I did not understand that reply. Please press one of the buttons below (or type its label); to add to your description, write it out as a sentence.
reask-adding = Please send the text, photos or documents to add; when you are done, press “Done” or send /cancel.
small-talk-greeting = Hello! I take complaints about the business environment: a government body that owes you money, an approval past its time limit, improper fees, an inspection without a basis. Just tell me in a sentence or two.
small-talk-thanks = You are welcome! Whenever something goes wrong, just describe it and I will pass it to the department responsible.
small-talk-prompt = Please describe the problem in a sentence or two: which body, what happened. /help explains more.
how-to =
    <b>How to complain:</b> just write here what happened — which body, what, since when.
    I will suggest a category and the department responsible; once you confirm, you choose to give your name or stay anonymous, add photos or documents if you have any, and get a tracking number to follow the case.
    /help lists all commands.
added-to-draft = Added to your description: “{ $text }”
btn-undo = ↩️ Undo this addition
undone = I took that addition back.
ask-name = The department will see your name as <b>{ $name }</b> (your name on Telegram). Use it, or reply with another name.
ask-name-type = Please reply with the name the department should see, or press “No name”.
btn-use-name = Use “{ $name }”
btn-no-name = No name
name-invalid = That name is empty or too long (at most { $max } characters). Please send it again, or press “No name”.
ask-mask = ⚠️ You chose to stay anonymous, but your description contains { $found }. The department reads the description as written. Hide these (replaced by *) before filing?
privacy-phone = a phone number { $value }
privacy-id-card = an ID card number { $value }
privacy-name = your name { $value }
btn-mask = Hide them and file
btn-keep-text = File as written
list-separator = {", "}
filed-named = The department will see: { $who }
merge-quote = That complaint ({ $date }): “{ $text }”
merge-done = I added this to { $tracking }; the department will see it together with the original complaint.
add-not-open = { $status ->
        [withdrawn] { $tracking } was withdrawn; nothing can be added. If the problem persists, describe it anew.
        [resolved] { $tracking } has been answered and waits for your rating; nothing can be added. If the problem is not solved, describe it anew.
        [closed] { $tracking } is closed; nothing can be added. If the problem persists, describe it anew.
        [rejected] { $tracking } was not accepted for this channel; nothing can be added.
       *[other] Nothing can be added to { $tracking } now.
    }
withdraw-not-open = { $status ->
        [withdrawn] { $tracking } is already withdrawn.
        [resolved] { $tracking } has been answered and waits for your rating; it cannot be withdrawn.
        [closed] { $tracking } is closed and cannot be withdrawn.
        [rejected] { $tracking } was not accepted for this channel and cannot be withdrawn.
       *[other] { $tracking } cannot be withdrawn now.
    }
console-no-such-button = There is no button with that number: reply with a number from 1 to { $max }, or type your answer.

# oos kinds added by the classifier work
oos-landlord = A dispute with a private landlord (a deposit not returned, a rent rise, being asked to move out) is a civil matter: you can ask for mediation or go to court. For problems in the rental market, contact the housing bureau's hotline or call 12345. If your landlord is a sub-district office, a government body or a state-owned company, you can file it here.

# Staff side: cards, queues, cases, prompts, refusals; what the complainant is told.
card =
    📋 <b>{ $tracking }</b> · { $category }
    Status: <b>{ $status }</b> · Handled by: { $handler } · Assignee: { $assignee }
    From: { $who } · Filed: { $date }
    “{ $text }”
card-additions = { $count } additions
card-files = { $count } files
card-returns = ⚠️ returned { $count } times
card-conflict = ⚠️ accuses the department itself: handled by the supervisors
card-reopened = 🔁 reopened
nobody = nobody yet
btn-accept = ✅ Accept
btn-return = ↩️ Return
btn-transfer = ➡️ Transfer
btn-assign = 👤 Assign
btn-reject = 🚫 Reject
btn-resolve = 💬 Answer and close
btn-ask-info = ❓ Ask for information
btn-note = 📝 Note
btn-dispatch = 📤 Dispatch
btn-details = 📄 Details
btn-previous = ◀️ Previous
btn-next = Next ▶️
btn-queue-all = All
btn-queue-mine = Mine
btn-queue-unassigned = Unassigned
btn-queue-waiting = Waiting
btn-rate-satisfied = 😊 Satisfied
btn-rate-basically = 🙂 Basically satisfied
btn-rate-not = 😞 Not satisfied
pick-transfer = Transfer { $tracking } to which department?
pick-return = Return { $tracking }: which department should handle it? (The supervisors re-dispatch it.)
pick-dispatch = Dispatch { $tracking } to which department?
pick-assignee = Assign { $tracking } to whom?
no-colleagues = This department has no registered staff to assign yet.
ask-return-reason = { $who }, please reply to this message with the reason and basis for returning { $tracking } (suggested: { $department }).
ask-question = { $who }, please reply to this message with what the complainant should add ({ $tracking }). The time limit stops until they answer.
ask-note = { $who }, please reply to this message with an internal note on { $tracking } (the complainant never sees it).
ask-transfer-reason = { $who }, please reply to this message with the reason for transferring { $tracking } to { $department }.
ask-reply = { $who }, please reply to this message with the answer to the complainant ({ $tracking }). It is sent in the department's name.
ask-reject-reason = { $who }, please reply to this message with the reason { $tracking } is not for this channel (the complainant is told).
prompt-not-yours = This prompt is for the colleague who pressed the button; please use the card's buttons yourself.
prompt-expired = This prompt has expired; please press the card's button again.
done-action = ✅ { $tracking }: { $what }
details-shown = Details sent
refuse-gone = There is no such complaint.
refuse-not-allowed = You may not act on this complaint.
refuse-not-now = This complaint is “{ $status }” now; that cannot be done.
refuse-faster = { $who } was faster: { $what }. See the latest card.
refuse-changed = This complaint just changed ({ $what }). See the latest card.
refuse-empty = A reason or text is needed; it cannot be empty.
refuse-same-department = It cannot be transferred to the department that handles it.
refuse-extension-days = An extension is 1 to 15 working days.
refuse-anonymous-admin = Please act as yourself (turn off “remain anonymous”): every step records who took it.
staff-only = Only registered department staff and supervisors can use this command.
staff-help =
    <b>In a department group:</b>
    New complaints appear as cards; press a card's buttons to accept, return, transfer, assign, ask for information, add a note, answer or reject. Where text is needed, reply to the bot's prompt.
    /queue — the department's open complaints (/queue mine, /queue unassigned, /queue waiting)
    /case NUMBER — a complaint in full, with its whole history
queue-usage = Use /queue, or /queue mine, unassigned or waiting; supervisors can use /queue DEPARTMENT-CODE.
queue-other-department = You can see your own department's queue only.
queue-header = <b>{ $whose } · { $total } open</b> (page { $page } of { $pages })
queue-empty = Nothing open.
queue-line = { $tracking } · { $status } · { $handler } · { $date } · { $text }
all-departments = All departments
case =
    📄 <b>{ $tracking }</b> · { $category }
    Status: { $status } · Handled by: { $handler }
    From: { $who } · Filed: { $date } · { $files } files
    { $text }
    <b>History</b>
case-event = { $at } · { $who } · { $what }
case-event-said = { $at } · { $who } · { $what }: { $detail }
case-not-found = { $number } was not found, or you may not see it.
complainant = the complainant
system = the system
notice-assigned = 👤 { $tracking } is assigned to you.
supervisors-ping-pong = ⚠️ { $tracking } has been returned { $count } times: please decide which department handles it.
supervisors-reopened = 🔁 { $tracking }: the complainant is not satisfied; it goes back to { $department } (reopened).
tell-accepted = [{ $department }] has accepted your complaint { $tracking } and is handling it.
tell-info-requested =
    {"["}{ $department }] needs more from you to handle { $tracking }:
    { $question }
    Reply here, or send /add { $tracking } with the information or files. The time limit stops until you answer.
tell-transferred = Your complaint { $tracking } is now handled by [{ $department }].
tell-resolved =
    {"["}{ $department }] answers your complaint { $tracking }:
    { $reply }
    Are you satisfied with this answer?
tell-rejected =
    {"["}{ $department }] finds that your complaint { $tracking } is not for this channel:
    { $reason }
tell-auto-closed = Your complaint { $tracking } was answered and not rated within 3 working days, so it is closed. If the problem persists, you can file it again.
kind-filed = filed
kind-accept = accepted
kind-return = returned
kind-dispatch = dispatched
kind-transfer = transferred
kind-request_info = asked for information
kind-add_info = the complainant added information
kind-note = note
kind-assign = assigned
kind-request_extension = asked for an extension
kind-decide_extension = decided the extension
kind-resolve = answered
kind-reject = rejected
kind-withdraw = withdrawn
kind-rate = rated
kind-auto_close = closed automatically
notice-added = 📎 { $tracking }: the complainant added: { $text }{ $files ->
        [0] {""}
        [one] {" "}(1 file, /case { $tracking } shows it)
       *[other] {" "}({ $files } files, /case { $tracking } shows them)
    }
notice-added-files = 📎 { $tracking }: the complainant added { $files ->
        [one] 1 file
       *[other] { $files } files
    } (/case { $tracking } shows them)
answer-offer = The department is waiting for more from you on <b>{ $tracking }</b>. Is this message the answer?
btn-send-answer = Send it to the department
answer-sent = I sent your answer to the department handling { $tracking }; its time limit runs again.
rate-thanks = Thank you for rating! { $tracking } is closed.
rate-reopened = Sorry the answer did not solve it. { $tracking } goes back to { $department } to be handled again; the supervisors follow it.
rate-escalated = Sorry the problem is still not solved. { $tracking } is closed and your rating goes to the supervisors.
rate-not-open = { $status ->
        [closed] { $tracking } is closed (rated, or the time to rate has passed).
        [reopened] { $tracking } is being handled again; you can rate the next answer.
       *[other] { $tracking } cannot be rated now.
    }
supervisors-still-unsatisfied = ⚠️ { $tracking }: after being handled again the complainant is still not satisfied; please take it up.
refuse-not-a-colleague = Only registered staff of the handling department can be assigned.
supervisors-group-lost = ⚠️ The bot can no longer write to the group of { $department } (it was removed, or the group is gone): cards of new complaints do not arrive. Add the bot back, or send /bind { $code } in a new group.

# organisation
org-admins-only = Only admins can do this.
org-private-only = Please send { $command } to me in a private chat: an invite code is meant for one person, and everyone in this group would see it.
appoint-staff = staff of { $department }
appoint-lead = lead of { $department }
appoint-supervisor = a supervisor
invite-usage =
    Use /invite DEPARTMENT [staff|lead] for a department's staff or its lead, or /invite supervisor.
    Departments: { $codes }
invite-created =
    🎟 One-time code for { $what }: <code>{ $code }</code>
    It works once, until { $until }.
    Give it to that person only; they send me in a private chat: <code>/join { $code }</code>
invite-link = Or they open: { $link }
invite-used = ✅ { $who } ({ $id }) used your invite code and is now { $what }.
join-usage = Send /join CODE with the code an admin gave you.
join-invalid = This code is not valid: it may be mistyped, already used or expired (a code works once, for 24 hours). Please ask an admin for a new one.
join-done-staff =
    ✅ Welcome: you are now { $what }.
    Your department's new complaints appear as cards in its group chat. /queue lists its open complaints, here or in the group; /case NUMBER shows one in full.
join-done-supervisor =
    ✅ Welcome: you are now { $what }.
    You see every queue (/queue all, /queue DEPARTMENT-CODE), re-dispatch returned complaints and decide on extensions; /case NUMBER shows one in full.
bind-in-group = Send /bind DEPARTMENT in the group chat that should receive that department's complaints (add me to the group first), not here.
bind-usage =
    Use /bind DEPARTMENT in this group, with one of: { $codes }.
    /bind supervisors makes it the supervisors' chat, /bind leadership the leadership's.
bind-done = { $kind ->
        [supervisors] ✅ This group is now the supervisors' chat: returned complaints, extension requests, escalations and the weekly figures come here.
        [leadership] ✅ This group is now the leadership's chat: overdue notices (通报) and escalations past the supervisors come here.
       *[other] ✅ This group now receives the complaints of { $department }: each appears as a card with its buttons.
    }
bind-moved = It no longer receives the complaints of { $department }.
bind-replaced = The department's previous chat ({ $chat }) no longer receives them.
staff-list-refused = Only admins and supervisors can see the staff list.
staff-list-usage = Use /staff, or /staff DEPARTMENT with one of: { $codes }
staff-list-header = <b>People and roles</b>
staff-list-supervisors = <b>Supervisors</b>
staff-list-department = <b>{ $name }</b> ({ $code })
staff-list-admins = <b>Admins</b>
staff-list-nobody = nobody yet
staff-list-person = • { $name } · <code>{ $id }</code>{ $marks }
staff-list-lead = {" · "}lead
staff-list-admin = {" · "}admin
revoke-usage = Use /revoke TELEGRAM-ID, with the number /staff shows.
revoke-unknown = Nobody with the id { $id } has used this bot.
revoke-no-role = { $name } ({ $id }) has no role to revoke.
revoke-done = { $name } ({ $id }) is no longer { $what }: they are a complainant again. Complaints assigned to them stay assigned; reassign them from their cards.
bot-back = I am back in this group; it still receives the complaints of { $department }.
bot-added-hint = Hello! An admin can make this group receive a department's complaints by sending here /bind CODE, with one of: { $codes }. /bind supervisors makes it the supervisors' chat, /bind leadership the leadership's.
bot-removed = ⚠️ { $who } removed me from the group “{ $title }” ({ $chat }). It receives the complaints of { $department }: its cards and notices cannot reach it now. Add me back to that group, or have an admin /bind another group.
refuse-too-late = Too late for that (a return is possible within 2 working days of dispatch, an extension only before the limit passes).
due-provisional = (provisional: that year's official holiday notice is not published yet)
due-date = { $day } { $month_name } { $year } { $time }
status-deadline-resolve = To be resolved by { $due }{ $fresh ->
        [yes] {" "}(reopened: a fresh limit)
       *[no] {""}
    }
status-deadline-rating = Please rate it by { $due }; after that it is closed
status-deadline-paused = The department waits for your information; its time limit is stopped
status-history = <b>History</b>
card-limit = ⏱ { $limit ->
        [accept] accept
       *[resolve] resolve
    } by { $due } · { $standing ->
        [overdue] 🔴 overdue by { $left }
        [warned] 🟡 { $left } left
       *[in_time] 🟢 { $left } left
    }
card-paused = ⏸ waiting for the complainant: the time limit is stopped
left-days-hours = { $days } working days { $hours } h
left-hours = { $hours } h
left-minutes = { $minutes } min
alert-warning = ⏰ { $tracking }: the { $limit ->
        [accept] accept
       *[resolve] resolve
    } limit ends { $due } ({ $left } left); please see to it.
alert-chase = 🔔 Chase: { $tracking } ({ $department }) is past its { $limit ->
        [accept] accept
       *[resolve] resolve
    } limit of { $due }; please handle it now.
alert-escalation = 📢 Report: { $tracking } ({ $department }) is 5 working days past its { $limit ->
        [accept] accept
       *[resolve] resolve
    } limit of { $due } and still not { $limit ->
        [accept] accepted
       *[resolve] resolved
    }.
digest-header = 📅 <b>{ $department } · daily digest</b> ({ $date })
digest-overdue = 🔴 <b>{ $count } overdue</b>
digest-today = 🟡 <b>{ $count } due today</b>
digest-waiting = ⏸ <b>{ $count } waiting for the complainant</b>
digest-unassigned = 👤 <b>{ $count } unassigned</b>
btn-extend = ⏳ Ask for an extension
btn-approve = ✅ Approve
btn-refuse = ❌ Refuse
ask-extension = { $who }, please reply to this message with the working days of the extension and the reason ({ $tracking }), e.g. “10 a site visit is needed”. At most 15 working days, asked before the limit passes.
extension-usage = Please give the working days first, then the reason, e.g. “10 a site visit is needed”.
extension-asked = ⏳ { $department } asks to extend { $tracking } by { $days } working days (limit now { $due }). Reason: { $reason }
extension-approved = ✅ The extension of { $tracking } is approved: to be resolved by { $new_due }.
extension-refused = ❌ The extension of { $tracking } is refused: the limit stays { $due }.
tell-extended = {"["}{ $department }] needs more time for your complaint { $tracking }; with the supervisors' approval it is to be resolved by { $due }.
left-days = { $days } working days
