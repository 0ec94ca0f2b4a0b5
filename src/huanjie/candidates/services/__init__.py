"""Every state change of the candidates part, one keyword-only atomic function each.

recruitment.py  start_recruitment, update_settings, draft_call_notice
nominations.py  nominate, start_joint_nomination, cosign, import_arrears (the call's period closes them)
eligibility.py  record_check
panel.py        add_panelist, add_criterion, assign_panel, schedule_interview, declare_conflict, submit_scores
slate.py        decide_shortlist, withdraw_candidate, draft_candidate_notice, publish_final_list
meeting.py      schedule_meeting, draft_meeting_notice, record_candidate_attendance, sign_in, ask_question,
                answer_question, record_minutes
"""
