-- Help sized to the agent (issue 17): a staff account says whether its holder is new to the desk
-- (the console opens the grounded suggestion, quotes and checklist and asks for a draft check
-- before a fact is sent) or experienced (all of it folded, drafts sent directly). Accounts start
-- new, which is how every agent worked before: an admin marks the experienced ones.
ALTER TABLE staff ADD COLUMN experience text NOT NULL DEFAULT 'new' CHECK (experience IN ('new', 'experienced'));
