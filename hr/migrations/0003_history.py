"""History tables of the II-1 registers and annual records (kokken.history.Tracked).

One Historical<Model> table per model: the row's fields as they were after each create,
change or delete, with the acting user (username only) and the time.

Existing rows get no back-filled record: their history starts empty and begins at the first
change after this migration. A made-up "created" record would claim a creation date and a
creator that nobody recorded (``updated_by`` / ``updated_at`` are the *last* editor, kept on
the row and still shown); the history page says when a change is the first one recorded.
Schema only; reversible (the tables are dropped).
"""
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hr', '0002_crossappointment_scheme'),
        ('kokken', '0010_audit_append_only_trigger'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalCrossAppointment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('direction', models.CharField(choices=[('inbound', 'Inbound (from the partner to us)'), ('outbound', 'Outbound (from us to the partner)')], max_length=16, verbose_name='direction')),
                ('partner_name', models.CharField(max_length=200, verbose_name='partner institution')),
                ('partner_type', models.CharField(choices=[('national_university', 'National university or inter-university research institute'), ('rd_agency', 'Other R&D corporations'), ('company', 'Private company'), ('university', 'Public or private university'), ('foreign', 'Foreign institution'), ('other', 'Other')], max_length=32, verbose_name='partner type')),
                ('effort_percent', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='effort share at the partner (%)')),
                ('start_date', models.DateField(verbose_name='start date')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='end date')),
                ('settles_salary', models.BooleanField(default=False, verbose_name='settles salary')),
                ('settles_social_insurance', models.BooleanField(default=False, verbose_name='settles social insurance')),
                ('settles_work', models.BooleanField(default=False, verbose_name='settles work arrangement')),
                ('settles_ip', models.BooleanField(default=False, verbose_name='settles IP handling')),
                ('reference', models.CharField(blank=True, max_length=50, verbose_name='internal reference')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical cross-appointment agreement',
                'verbose_name_plural': 'historical cross-appointment agreements',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCrossAppointmentScheme',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('introduced', models.BooleanField(default=False, verbose_name='cross-appointment scheme introduced')),
                ('introduced_on', models.DateField(blank=True, null=True, verbose_name='introduced on')),
                ('rules', models.CharField(blank=True, max_length=200, verbose_name='internal rules that set up the scheme')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical cross-appointment scheme',
                'verbose_name_plural': 'historical cross-appointment schemes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalInitiative',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('kind', models.CharField(choices=[('year_round_hiring', 'Year-round hiring (通年採用)'), ('tenure_track', 'Tenure track'), ('permanent_posts', 'More permanent posts'), ('masters_hires', "Hiring master's-degree holders as researchers"), ('technical_track', 'Technical staff track (技術職)'), ('liaison_advisors', 'Liaison advisors (連携アドバイザー)'), ('career_support', 'Career support'), ('other', 'Other initiative')], max_length=32, verbose_name='initiative')),
                ('title', models.CharField(blank=True, max_length=100, verbose_name='title')),
                ('description', models.TextField(max_length=1000, verbose_name='description')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical initiative',
                'verbose_name_plural': 'historical initiatives',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPayScheme',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('job_category', models.CharField(choices=[('fixed_term_researcher', 'Fixed-term researcher'), ('permanent_researcher', 'Permanent researcher'), ('research_management', 'Research management staff'), ('technical', 'Technical staff'), ('administrative', 'Administrative staff'), ('other', 'Other')], max_length=32, verbose_name='job category')),
                ('annual_salary', models.BooleanField(default=False, verbose_name='annual salary system (年俸制) adopted')),
                ('structure', models.CharField(blank=True, choices=[('fixed_plus_variable', 'Fixed pay plus performance-variable pay'), ('responsibility_based', 'Base by responsibility, raised or lowered by a share for performance'), ('other', 'Other structure')], max_length=32, verbose_name='structure of the annual salary')),
                ('retirement_included', models.BooleanField(default=False, verbose_name='retirement-allowance equivalent included')),
                ('coverage_percent', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='share of staff covered (%)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical pay scheme',
                'verbose_name_plural': 'historical pay schemes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPersonnelFunding',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('operating_grant', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='operating grant (運営費交付金, thousand yen)')),
                ('joint_research', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='joint-research funds and indirect costs (thousand yen)')),
                ('cross_appointment', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='cross-appointment (thousand yen)')),
                ('other_external', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='other external funds (thousand yen)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical funding of personnel costs',
                'verbose_name_plural': 'historical funding of personnel costs',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSalaryBenchmark',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('average_salary', models.PositiveIntegerField(verbose_name='average annual salary (thousand yen)')),
                ('comparator', models.CharField(max_length=300, verbose_name='comparator industries or organisations')),
                ('survey', models.CharField(choices=[('occupational', 'Survey on private-sector salaries by occupation (職種別民間給与実態調査)'), ('wage_structure', 'Basic Survey on Wage Structure (賃金構造基本統計調査)'), ('other', 'Other survey or data')], max_length=32, verbose_name='survey used')),
                ('survey_other', models.CharField(blank=True, max_length=200, verbose_name='other survey (name)')),
                ('comparator_salary', models.PositiveIntegerField(verbose_name='comparator average annual salary (thousand yen)')),
                ('explanation', models.TextField(max_length=2000, verbose_name='explanation of the salary level')),
                ('explanation_adequate', models.BooleanField(blank=True, null=True, verbose_name='explanation found adequate')),
                ('review_note', models.TextField(blank=True, max_length=1000, verbose_name="reviewer's note")),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical salary benchmark',
                'verbose_name_plural': 'historical salary benchmarks',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSecondment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('direction', models.CharField(choices=[('inbound', 'Inbound (from the partner to us)'), ('outbound', 'Outbound (from us to the partner)')], max_length=16, verbose_name='direction')),
                ('kind', models.CharField(choices=[('katsuai', 'Leave and be hired by the partner (割愛)'), ('zaiseki', 'Keep status at the home organisation (在籍出向)')], max_length=16, verbose_name='type of secondment')),
                ('partner_type', models.CharField(choices=[('ministry', 'Ministry or government body'), ('company', 'Private company'), ('university', 'University'), ('other', 'Other')], max_length=16, verbose_name='partner type')),
                ('start_date', models.DateField(verbose_name='start date')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='end date')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical secondment',
                'verbose_name_plural': 'historical secondments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
