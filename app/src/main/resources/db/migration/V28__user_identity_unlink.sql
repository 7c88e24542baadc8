-- A re-invitation (the admin's password reset) removes the person's single sign-on links, so their next
-- sign-on links afresh by a verified email while the new invitation is open (UserAccounts.storeReinvited).
GRANT DELETE ON user_identity TO calibrate_worker;
