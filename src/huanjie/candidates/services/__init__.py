"""Every state change of the candidates part, one keyword-only atomic function each.

recruitment.py  start_recruitment, update_settings, draft_call_notice
nominations.py  nominate, import_arrears
eligibility.py  record_check
panel.py        add_panelist, add_criterion, assign_panel, schedule_interview, declare_conflict, submit_scores
slate.py        decide_shortlist, withdraw_candidate, draft_candidate_notice, publish_final_list
"""
