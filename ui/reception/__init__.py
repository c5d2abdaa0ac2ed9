"""The new-dossier flow at the counter: procedure, applicant, papers, e-form, digitisation,
decision."""
